//! Test support: real processes on 127.0.0.1 for integration tests.
//!
//! * [`Moto`]: a moto server (the project's `.venv`, see
//!   `scripts/dev/python-env.sh`) that the AWS SDK reaches through
//!   `AWS_ENDPOINT_URL`.
//! * [`RedisServer`]: a `redis-server` with no persistence.
//! * [`Process`]: any binary, stopped (SIGTERM, then SIGKILL) on drop, with
//!   its output captured to a log file that tests can search.
//!
//! Every address is loopback. A missing tool is a test failure with the
//! command that installs it, never a silent skip.

#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![allow(clippy::print_stderr)]

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The repository root (two levels above this crate).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap_or_else(|_| PathBuf::from("."))
}

/// A free TCP port on 127.0.0.1 (bound once and released).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|listener| listener.local_addr()).map(|addr| addr.port()).unwrap_or_else(|error| panic!("no free port on 127.0.0.1: {error}"))
}

/// Waits until `addr` accepts TCP connections.
///
/// # Panics
/// Panics after `timeout`, naming the address.
pub fn wait_for_port(addr: SocketAddr, timeout: Duration) {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("nothing listening on {addr} after {timeout:?}");
}

/// The project's Python: `AGENTSEC_PYTHON` or `.venv/bin/python`.
///
/// # Panics
/// Panics with the setup command when the environment is missing.
pub fn python() -> PathBuf {
    if let Ok(path) = std::env::var("AGENTSEC_PYTHON") {
        return PathBuf::from(path);
    }
    let venv = repo_root().join(".venv/bin/python");
    assert!(venv.exists(), "the Python test environment is missing: run scripts/dev/python-env.sh (or `make test`)");
    venv
}

/// A running child process, stopped on drop.
#[derive(Debug)]
pub struct Process {
    child: Child,
    name: String,
    log: PathBuf,
}

impl Process {
    /// Starts `program` with `args` and `envs`, output appended to a log file
    /// in the system temp directory.
    ///
    /// # Panics
    /// Panics when the program cannot be started.
    pub fn start(name: &str, program: &Path, args: &[String], envs: &[(String, String)]) -> Process {
        let log = std::env::temp_dir().join(format!("agentsec-test-{name}-{}-{}.log", std::process::id(), free_port()));
        let output = std::fs::File::create(&log).unwrap_or_else(|error| panic!("create {}: {error}", log.display()));
        let errors = output.try_clone().unwrap_or_else(|error| panic!("clone log handle: {error}"));
        let mut command = Command::new(program);
        command.args(args).stdin(Stdio::null()).stdout(output).stderr(errors);
        for (key, value) in envs {
            command.env(key, value);
        }
        let child = command.spawn().unwrap_or_else(|error| panic!("start {name} ({}): {error}", program.display()));
        Process { child, name: name.to_owned(), log }
    }

    /// Everything the process wrote so far.
    pub fn output(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// The process id.
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// Whether the process is still running.
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Sends SIGTERM and waits up to `timeout` for the exit; returns the exit
    /// code (`None` when killed by a signal or still running).
    pub fn terminate(&mut self, timeout: Duration) -> Option<i32> {
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        None
    }

    /// The process name given at start.
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
            let deadline = Instant::now() + Duration::from_secs(3);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = self.child.try_wait() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(25));
            }
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A moto server on 127.0.0.1.
#[derive(Debug)]
pub struct Moto {
    /// The endpoint, `http://127.0.0.1:PORT`.
    pub endpoint: String,
    /// The server process.
    pub process: Process,
}

impl Moto {
    /// Starts `moto_server` from the project's Python environment on a free
    /// port and waits until it accepts connections.
    pub fn start() -> Moto {
        let port = free_port();
        let python = python();
        let args = vec!["-m".to_owned(), "moto.server".to_owned(), "-H".to_owned(), "127.0.0.1".to_owned(), "-p".to_owned(), port.to_string()];
        let process = Process::start("moto", &python, &args, &[]);
        let addr: SocketAddr = ([127, 0, 0, 1], port).into();
        wait_for_port(addr, Duration::from_secs(30));
        Moto { endpoint: format!("http://127.0.0.1:{port}"), process }
    }

    /// Environment variables that point an AWS SDK at this server with
    /// dummy credentials (moto accepts any).
    pub fn aws_env(&self) -> Vec<(String, String)> {
        vec![
            ("AWS_ENDPOINT_URL".to_owned(), self.endpoint.clone()),
            ("AWS_ACCESS_KEY_ID".to_owned(), "testing".to_owned()),
            ("AWS_SECRET_ACCESS_KEY".to_owned(), "testing".to_owned()),
            ("AWS_REGION".to_owned(), "us-east-1".to_owned()),
            ("AWS_EC2_METADATA_DISABLED".to_owned(), "true".to_owned()),
        ]
    }
}

/// A redis-server on 127.0.0.1 with persistence off.
#[derive(Debug)]
pub struct RedisServer {
    /// The URL, `redis://127.0.0.1:PORT`.
    pub url: String,
    /// The port.
    pub port: u16,
    /// The server process.
    pub process: Process,
}

impl RedisServer {
    /// Starts `redis-server` (from the PATH) on a free port.
    ///
    /// # Panics
    /// Panics with the install command when redis-server is missing.
    pub fn start() -> RedisServer {
        let program = which("redis-server")
            .unwrap_or_else(|| panic!("redis-server is missing: run `make test` or `apt-get install redis-server`"));
        let port = free_port();
        let args: Vec<String> = ["--port", &port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
            .iter()
            .map(|arg| (*arg).to_owned())
            .collect();
        let process = Process::start("redis", &program, &args, &[]);
        wait_for_port(([127, 0, 0, 1], port).into(), Duration::from_secs(10));
        RedisServer { url: format!("redis://127.0.0.1:{port}"), port, process }
    }
}

/// Finds a program on the PATH.
pub fn which(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join(program)).find(|candidate| candidate.is_file())
}

/// The path of a workspace binary built by cargo for this test run
/// (`CARGO_BIN_EXE_*` is only set for a package's own binaries).
///
/// # Panics
/// Panics when the binary has not been built, with the build command.
pub fn workspace_binary(name: &str) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| repo_root().join("target"));
    let profile = if cfg!(debug_assertions) { "debug" } else { "release" };
    let path = target.join(profile).join(name);
    assert!(path.exists(), "{} is not built: run `cargo build --workspace --bins` first", path.display());
    path
}
