//! `agentsec audit`: audit the account live or from a snapshot and print a
//! report.
//!
//! The options are shared with `agentsec test-isolation`, which runs the
//! same audit restricted to the network and isolation checks.

use std::path::PathBuf;
use std::process::ExitCode;

use agentsec_audit::checks::Check;
use agentsec_audit::finding::Severity;
use agentsec_audit::model::AccountModel;
use agentsec_audit::report::{Format, Report};
use agentsec_audit::{AuditOptions, run as run_audit, snapshot, suppression};
use anyhow::Context;

use super::audit_live;

/// Options of `audit` and `test-isolation`.
#[derive(Debug, clap::Args)]
pub struct AuditArgs {
    /// Audit this snapshot directory (written by `agentsec collect`)
    /// instead of the live account. Its iam.json may also be the JSON output
    /// of `aws iam get-account-authorization-details`.
    #[arg(long, value_name = "DIR")]
    pub snapshot: Option<PathBuf>,

    /// A region to audit; repeatable. Live: the regions to collect (default:
    /// the configured region). Snapshot: the regions to audit (default: all
    /// in the snapshot; one it lacks reports ERROR).
    #[arg(long = "region", value_name = "REGION")]
    pub regions: Vec<String>,

    /// The project name that prefixes role, key and secret names.
    #[arg(long, env = "PROJECT_NAME", default_value = "agentsec", value_name = "NAME")]
    pub project_name: String,

    /// The services whose isolation and mesh membership are checked,
    /// comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "orbit,axon", value_name = "LIST")]
    pub services: Vec<String>,

    /// The report format.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,

    /// Write the report to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Run only these checks: ids or id prefixes ending at a dash, such as
    /// ec2-sg or iam-, comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "ID_OR_PREFIX")]
    pub checks: Vec<String>,

    /// Leave out checks whose severity is below this one.
    #[arg(long, value_enum, default_value_t = SeverityArg::Info, value_name = "MIN")]
    pub severity: SeverityArg,

    /// Exit with 1 when an unsuppressed FAIL has at least this severity.
    #[arg(long, value_enum, default_value_t = SeverityArg::Info, value_name = "SEVERITY")]
    pub fail_on: SeverityArg,

    /// A TOML file of accepted findings ([[suppression]] entries with check,
    /// resource, reason and expires).
    #[arg(long, value_name = "FILE")]
    pub suppressions: Option<PathBuf>,
}

/// The report formats on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    /// Plain text for a terminal.
    Text,
    /// JSON.
    Json,
    /// SARIF 2.1.0, for code scanning tools.
    Sarif,
    /// JUnit XML, for CI test reports.
    Junit,
    /// One self-contained HTML page.
    Html,
}

/// Severities on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SeverityArg {
    /// info
    Info,
    /// low
    Low,
    /// medium
    Medium,
    /// high
    High,
    /// critical
    Critical,
}

impl From<SeverityArg> for Severity {
    fn from(value: SeverityArg) -> Self {
        match value {
            SeverityArg::Info => Severity::Info,
            SeverityArg::Low => Severity::Low,
            SeverityArg::Medium => Severity::Medium,
            SeverityArg::High => Severity::High,
            SeverityArg::Critical => Severity::Critical,
        }
    }
}

impl From<FormatArg> for Format {
    fn from(value: FormatArg) -> Self {
        match value {
            FormatArg::Text => Format::Text,
            FormatArg::Json => Format::Json,
            FormatArg::Sarif => Format::Sarif,
            FormatArg::Junit => Format::Junit,
            FormatArg::Html => Format::Html,
        }
    }
}

/// The exit codes, shown after the options in `--help`.
pub const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  no unsuppressed FAIL at or above --fail-on, and every check ran
  1  an unsuppressed FAIL at or above --fail-on
  2  a check could not run (ERROR, such as a failed or missing API call),
     or the input was invalid (options, snapshot, suppressions file)

Live audits take AWS settings from the standard chain (AWS_PROFILE,
AWS_REGION, AWS_ENDPOINT_URL, ...) and read configuration only, never a
secret value.";

/// Runs `agentsec audit`.
///
/// # Errors
///
/// Returns an error for invalid options, an unreadable snapshot or
/// suppressions file, a live collection that cannot start, or a report
/// that cannot be written; `main` prints it and exits with 2.
pub async fn run(args: AuditArgs) -> anyhow::Result<ExitCode> {
    run_selected(args, None).await
}

/// Runs the audit, restricted to the checks of `families` when given.
///
/// # Errors
///
/// As [`run`], and when a `--checks` entry selects none of the families'
/// checks.
pub async fn run_selected(
    args: AuditArgs,
    families: Option<&[&[&Check]]>,
) -> anyhow::Result<ExitCode> {
    let options = options(&args, families)?;

    let model = load_model(&args).await?;
    let report = run_audit(&model, &options);
    write_report(&args, &report)?;

    let code = u8::try_from(report.exit_code()).unwrap_or(2);
    Ok(ExitCode::from(code))
}

fn options(args: &AuditArgs, families: Option<&[&[&Check]]>) -> anyhow::Result<AuditOptions> {
    let today = time::OffsetDateTime::now_utc().date();
    let mut options = AuditOptions::new(&args.project_name, today);
    options.services = args
        .services
        .iter()
        .map(|service| service.trim().to_owned())
        .filter(|service| !service.is_empty())
        .collect();
    options.regions = args.regions.clone();
    options.checks = args.checks.clone();
    options.minimum_severity = args.severity.into();
    options.fail_on = args.fail_on.into();
    options.validate().context("invalid audit options")?;

    if let Some(families) = families {
        options.checks = restrict_checks(&options, families)?;
    }

    if let Some(path) = &args.suppressions {
        options.suppressions = suppression::load(path)?;
    }
    Ok(options)
}

/// Returns the ids of the families' checks that the options select, so
/// that only those run.
fn restrict_checks(options: &AuditOptions, families: &[&[&Check]]) -> anyhow::Result<Vec<String>> {
    let selected: Vec<String> = families
        .iter()
        .flat_map(|family| family.iter())
        .filter(|check| options.checks.is_empty() || options.selects(check))
        .map(|check| check.id.to_owned())
        .collect();
    if selected.is_empty() {
        anyhow::bail!(
            "--checks {} selects no network or isolation check; use ids starting with ec2-, vpc-, isolation-, kms- or secretsmanager-",
            options.checks.join(",")
        );
    }
    Ok(selected)
}

async fn load_model(args: &AuditArgs) -> anyhow::Result<AccountModel> {
    match &args.snapshot {
        Some(dir) => snapshot::read(dir).with_context(|| {
            format!(
                "cannot read snapshot {}; write one with `agentsec collect --out DIR`",
                dir.display()
            )
        }),
        None => Ok(audit_live::collect(&args.regions).await?.model),
    }
}

fn write_report(args: &AuditArgs, report: &Report) -> anyhow::Result<()> {
    let text = Format::from(args.format).render(report);
    match &args.output {
        Some(path) => std::fs::write(path, text)
            .with_context(|| format!("cannot write the report to {}", path.display())),
        None => {
            print!("{text}");
            if !text.ends_with('\n') {
                println!();
            }
            Ok(())
        }
    }
}
