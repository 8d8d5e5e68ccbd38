# Shared by the wrapper scripts in scripts/: finds the agentsec binary,
# tests for an option among the arguments, and runs a subcommand for the
# project. Source it: it defines functions only.

# Prints the agentsec binary to run: $AGENTSEC_BIN, else the newer of
# target/release/agentsec and target/debug/agentsec, else agentsec on PATH.
find_agentsec() {
    local repo release debug
    repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
    if [[ -n ${AGENTSEC_BIN:-} ]]; then
        if [[ ! -x $AGENTSEC_BIN ]]; then
            echo "error: AGENTSEC_BIN=$AGENTSEC_BIN is not an executable file" >&2
            return 1
        fi
        echo "$AGENTSEC_BIN"
        return
    fi
    release=$repo/target/release/agentsec
    debug=$repo/target/debug/agentsec
    if [[ -x $release && ( ! -x $debug || $release -nt $debug ) ]]; then
        echo "$release"
    elif [[ -x $debug ]]; then
        echo "$debug"
    elif command -v agentsec >/dev/null; then
        command -v agentsec
    else
        echo "error: agentsec not found; build it with 'cargo build -p agentsec-cli' in $repo, put it on PATH, or set AGENTSEC_BIN" >&2
        return 1
    fi
}

# Returns success when the arguments after the first contain the option
# named by the first, as "--name value" or "--name=value".
has_option() {
    local name=$1 arg
    shift
    for arg in "$@"; do
        [[ $arg == "$name" || $arg == "$name="* ]] && return 0
    done
    return 1
}

# Replaces the shell with `agentsec SUBCOMMAND --project-name
# $PROJECT_NAME ARGS...`, leaving --project-name out when ARGS already
# contain it. PROJECT_NAME defaults to agentsec.
exec_for_project() {
    local subcommand=$1 agentsec
    shift
    agentsec=$(find_agentsec) || exit 2
    local project_args=(--project-name "${PROJECT_NAME:-agentsec}")
    has_option --project-name "$@" && project_args=()
    exec "$agentsec" "$subcommand" "${project_args[@]}" "$@"
}
