//! Snapshots: the account model on disk, one JSON file per part.
//!
//! ```text
//! DIR/manifest.json                      schema_version, account_id, collected_at, regions
//! DIR/iam.json                           the IAM part
//! DIR/regions/REGION/ec2.json            EC2 and VPC
//! DIR/regions/REGION/kms.json            KMS
//! DIR/regions/REGION/secretsmanager.json Secrets Manager
//! DIR/regions/REGION/cloudtrail.json     CloudTrail
//! DIR/regions/REGION/monitoring.json     metric filters, alarms, SNS topics
//! DIR/regions/REGION/accessanalyzer.json Access Analyzer
//! DIR/regions/REGION/appmesh.json        App Mesh
//! ```
//!
//! A missing part file reads as "not collected", so the checks that need it
//! report ERROR naming its API calls. A field missing inside a part file
//! reads the same way. `iam.json` may also hold the JSON output of
//! `aws iam get-account-authorization-details`, which is loaded with
//! [`IamModel::from_authorization_details`].
//!
//! The manifest's `schema_version` must equal [`SCHEMA_VERSION`]; a newer or
//! unknown version is rejected, because fields this version does not know
//! could change the verdicts.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::{DeserializeOwned, IgnoredAny};
use serde_json::Value;
use time::OffsetDateTime;

use crate::model::{AccountModel, Collected, IamModel, ModelError, RegionModel, SCHEMA_VERSION};

/// Error returned when a snapshot cannot be written or read.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    /// A file or directory could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,

        /// The I/O error.
        source: std::io::Error,
    },

    /// A file is not valid JSON of the expected shape.
    #[error("{path}: invalid value at field {field}: {message}")]
    Json {
        /// The file.
        path: PathBuf,

        /// The path of the offending field, such as `ec2.vpcs.value[0].vpc_id`
        /// (`.` for the whole document).
        field: String,

        /// The parse error.
        message: String,
    },

    /// The manifest's schema version is not this crate's.
    #[error(
        "{path}: snapshot schema_version {found} is {relation} than the supported version {supported}; {advice}"
    )]
    SchemaVersion {
        /// The manifest.
        path: PathBuf,

        /// The version in the file.
        found: u64,

        /// [`SCHEMA_VERSION`].
        supported: u32,

        /// `newer` or `older`.
        relation: &'static str,

        /// The suggested next step.
        advice: &'static str,
    },

    /// A region name could escape the snapshot directory or is malformed.
    #[error(
        "{path}: invalid region name {region:?}; expected lowercase letters, digits and dashes such as eu-west-1"
    )]
    InvalidRegion {
        /// The manifest.
        path: PathBuf,

        /// The rejected name.
        region: String,
    },

    /// `iam.json` looked like an authorization details export and failed
    /// to load.
    #[error("{path}: {source}")]
    AuthorizationDetails {
        /// The file.
        path: PathBuf,

        /// The loader's error.
        source: ModelError,
    },
}

/// The part files of one region, by file name.
const REGION_PARTS: [&str; 7] = [
    "ec2.json",
    "kms.json",
    "secretsmanager.json",
    "cloudtrail.json",
    "monitoring.json",
    "accessanalyzer.json",
    "appmesh.json",
];

#[derive(Serialize)]
struct ManifestOut<'a> {
    schema_version: u32,
    account_id: &'a str,
    #[serde(with = "time::serde::rfc3339")]
    collected_at: OffsetDateTime,
    regions: Vec<&'a str>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestIn {
    // Checked before this struct is read; kept so that unknown-field
    // rejection accepts it.
    #[serde(rename = "schema_version")]
    _schema_version: u64,
    account_id: String,
    #[serde(with = "time::serde::rfc3339")]
    collected_at: OffsetDateTime,
    regions: Vec<String>,
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> SnapshotError + '_ {
    move |source| SnapshotError::Io {
        path: path.to_owned(),
        source,
    }
}

fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<(), SnapshotError> {
    let text = serde_json::to_string_pretty(value).map_err(|error| SnapshotError::Json {
        path: path.to_owned(),
        field: ".".to_owned(),
        message: error.to_string(),
    })?;
    std::fs::write(path, text + "\n").map_err(io_error(path))
}

/// Writes the model into `dir`, creating it if needed and replacing the
/// part files it writes. A NotCollected IAM part writes no `iam.json`.
///
/// # Errors
///
/// Returns [`SnapshotError::Io`] naming the path that could not be
/// written, and [`SnapshotError::InvalidRegion`] for a region name that is
/// not a plain region name.
pub fn write(dir: &Path, model: &AccountModel) -> Result<(), SnapshotError> {
    let manifest_path = dir.join("manifest.json");
    for region in &model.regions {
        check_region_name(&manifest_path, &region.region)?;
    }
    std::fs::create_dir_all(dir).map_err(io_error(dir))?;

    write_json(
        &manifest_path,
        &ManifestOut {
            schema_version: model.schema_version,
            account_id: &model.account_id,
            collected_at: model.collected_at,
            regions: model.region_names().collect(),
        },
    )?;

    let iam_path = dir.join("iam.json");
    match &model.iam {
        Collected::Value(iam) => write_json(&iam_path, iam)?,
        Collected::Failed { .. } => write_json(&iam_path, &model.iam)?,
        Collected::NotCollected => {}
    }

    for region in &model.regions {
        let region_dir = dir.join("regions").join(&region.region);
        std::fs::create_dir_all(&region_dir).map_err(io_error(&region_dir))?;
        write_json(&region_dir.join("ec2.json"), &region.ec2)?;
        write_json(&region_dir.join("kms.json"), &region.kms)?;
        write_json(&region_dir.join("secretsmanager.json"), &region.secrets)?;
        write_json(&region_dir.join("cloudtrail.json"), &region.cloudtrail)?;
        write_json(&region_dir.join("monitoring.json"), &region.monitoring)?;
        write_json(
            &region_dir.join("accessanalyzer.json"),
            &region.access_analyzer,
        )?;
        write_json(&region_dir.join("appmesh.json"), &region.app_mesh)?;
    }
    Ok(())
}

/// Reads a snapshot directory.
///
/// # Errors
///
/// Returns [`SnapshotError`] naming the file, and for malformed content the
/// field: a missing or unreadable `manifest.json`, a schema version other
/// than [`SCHEMA_VERSION`], an invalid region name, or a part file that is
/// not valid JSON of its part's shape.
pub fn read(dir: &Path) -> Result<AccountModel, SnapshotError> {
    let manifest_path = dir.join("manifest.json");
    let text = std::fs::read_to_string(&manifest_path).map_err(io_error(&manifest_path))?;
    let raw: Value = parse(&manifest_path, &text)?;
    check_schema_version(&manifest_path, &raw)?;
    let manifest: ManifestIn = from_value(&manifest_path, raw)?;
    for region in &manifest.regions {
        check_region_name(&manifest_path, region)?;
    }

    let iam = read_iam(&dir.join("iam.json"))?;

    let mut regions = Vec::with_capacity(manifest.regions.len());
    for name in &manifest.regions {
        let region_dir = dir.join("regions").join(name);
        let mut region = RegionModel::new(name);
        for part in REGION_PARTS {
            let path = region_dir.join(part);
            let Some(text) = read_optional(&path)? else {
                continue;
            };
            match part {
                "ec2.json" => region.ec2 = deserialize(&path, &text)?,
                "kms.json" => region.kms = deserialize(&path, &text)?,
                "secretsmanager.json" => region.secrets = deserialize(&path, &text)?,
                "cloudtrail.json" => region.cloudtrail = deserialize(&path, &text)?,
                "monitoring.json" => region.monitoring = deserialize(&path, &text)?,
                "accessanalyzer.json" => region.access_analyzer = deserialize(&path, &text)?,
                _ => region.app_mesh = deserialize(&path, &text)?,
            }
        }
        regions.push(region);
    }

    Ok(AccountModel {
        schema_version: SCHEMA_VERSION,
        account_id: manifest.account_id,
        collected_at: manifest.collected_at,
        iam,
        regions,
    })
}

fn read_optional(path: &Path) -> Result<Option<String>, SnapshotError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(io_error(path)(error)),
    }
}

fn parse(path: &Path, text: &str) -> Result<Value, SnapshotError> {
    serde_json::from_str(text).map_err(|error| SnapshotError::Json {
        path: path.to_owned(),
        field: ".".to_owned(),
        message: error.to_string(),
    })
}

/// Deserializes a part straight from its text, naming the field of the
/// first error.
fn deserialize<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T, SnapshotError> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value: T = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| SnapshotError::Json {
        path: path.to_owned(),
        field: error.path().to_string(),
        message: error.inner().to_string(),
    })?;
    deserializer.end().map_err(|error| SnapshotError::Json {
        path: path.to_owned(),
        field: ".".to_owned(),
        message: error.to_string(),
    })?;
    Ok(value)
}

/// Returns the top-level keys of a JSON object without building the
/// values.
fn top_level_keys(path: &Path, text: &str) -> Result<BTreeSet<String>, SnapshotError> {
    let keys: BTreeMap<String, IgnoredAny> = serde_json::from_str(text).map_err(|error| SnapshotError::Json {
        path: path.to_owned(),
        field: ".".to_owned(),
        message: if error.is_data() { "expected a JSON object".to_owned() } else { error.to_string() },
    })?;
    Ok(keys.into_keys().collect())
}

fn from_value<T: DeserializeOwned>(path: &Path, value: Value) -> Result<T, SnapshotError> {
    serde_path_to_error::deserialize(value).map_err(|error| SnapshotError::Json {
        path: path.to_owned(),
        field: error.path().to_string(),
        message: error.inner().to_string(),
    })
}

fn check_schema_version(path: &Path, manifest: &Value) -> Result<(), SnapshotError> {
    let Some(found) = manifest.get("schema_version").and_then(Value::as_u64) else {
        return Err(SnapshotError::Json {
            path: path.to_owned(),
            field: "schema_version".to_owned(),
            message: "missing or not a non-negative integer".to_owned(),
        });
    };
    let supported = u64::from(SCHEMA_VERSION);
    if found == supported {
        return Ok(());
    }
    let (relation, advice) = if found > supported {
        (
            "newer",
            "read it with a newer agentsec, or collect the snapshot again with this one",
        )
    } else {
        ("older", "collect the snapshot again with this agentsec")
    };
    Err(SnapshotError::SchemaVersion {
        path: path.to_owned(),
        found,
        supported: SCHEMA_VERSION,
        relation,
        advice,
    })
}

/// Returns whether `region` is a plain region name: lowercase letters,
/// digits and dashes, so that it cannot escape the snapshot directory.
pub(crate) fn is_region_name(region: &str) -> bool {
    !region.is_empty()
        && region.len() <= 32
        && !region.starts_with('-')
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn check_region_name(path: &Path, region: &str) -> Result<(), SnapshotError> {
    if is_region_name(region) {
        Ok(())
    } else {
        Err(SnapshotError::InvalidRegion {
            path: path.to_owned(),
            region: region.to_owned(),
        })
    }
}

/// Reads `iam.json`: this crate's IAM model, a failed-collection record, or
/// an authorization details export. A missing file is NotCollected.
fn read_iam(path: &Path) -> Result<Collected<IamModel>, SnapshotError> {
    let Some(text) = read_optional(path)? else {
        return Ok(Collected::NotCollected);
    };
    let keys = top_level_keys(path, &text)?;

    if keys.contains("state") {
        return deserialize(path, &text);
    }
    if keys.contains("schema_version") {
        let model: IamModel = deserialize(path, &text)?;
        if model.schema_version != SCHEMA_VERSION {
            return Err(SnapshotError::Json {
                path: path.to_owned(),
                field: "schema_version".to_owned(),
                message: format!(
                    "IAM part schema_version {} differs from the supported version {SCHEMA_VERSION}",
                    model.schema_version
                ),
            });
        }
        return Ok(Collected::Value(model));
    }
    let export_keys = [
        "UserDetailList",
        "GroupDetailList",
        "RoleDetailList",
        "Policies",
    ];
    if export_keys.iter().any(|key| keys.contains(*key)) {
        return IamModel::from_authorization_details(&text)
            .map(Collected::Value)
            .map_err(|source| SnapshotError::AuthorizationDetails {
                path: path.to_owned(),
                source,
            });
    }
    Err(SnapshotError::Json {
        path: path.to_owned(),
        field: ".".to_owned(),
        message: "expected an IAM model (with schema_version) or the output of aws iam get-account-authorization-details (with UserDetailList, RoleDetailList, ...)".to_owned(),
    })
}
