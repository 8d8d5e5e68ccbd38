//! The local JSON key file: one key object or an array of them.
//!
//! ```json
//! [{"access_key_id": "AKIA...", "secret_access_key": "..."}, ...]
//! ```
//!
//! Signers use the first key; verifiers accept all of them, so a rotation
//! by hand is: prepend the new key, let receivers reload, then remove the
//! old one. The file must not be readable by group or others (mode 0600 or
//! stricter); a looser file is rejected. The reloader re-reads it every
//! second and swaps in the new set when its keys changed.

use std::path::{Path, PathBuf};
use std::time::Duration;

use agentsec_sigv4::BoxFuture;

use crate::key_set::{KeyMaterial, KeySet};
use crate::source::{KeySource, KeySourceError};

/// The largest key file read, in bytes.
const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// A key source backed by a local JSON file.
#[derive(Debug, Clone)]
pub struct FileKeySource {
    path: PathBuf,
    poll_interval: Duration,
}

impl FileKeySource {
    /// A source for `path`, polled every second.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into(), poll_interval: Duration::from_secs(1) }
    }

    /// Sets how often the file is re-read.
    #[must_use]
    pub fn with_poll_interval(mut self, interval: Duration) -> Self {
        self.poll_interval = interval;
        self
    }

    /// Reads and validates the file.
    ///
    /// # Errors
    /// `Unavailable` when the file cannot be read; `Invalid` when it is
    /// readable by group or others, too large, not JSON of the expected
    /// shape, empty, or contains an invalid key.
    pub fn read(&self) -> Result<KeySet, KeySourceError> {
        read_key_file(&self.path)
    }
}

impl KeySource for FileKeySource {
    fn load(&self) -> BoxFuture<'_, Result<KeySet, KeySourceError>> {
        Box::pin(async move { self.read() })
    }

    fn poll_interval(&self) -> Duration {
        self.poll_interval
    }

    fn describe(&self) -> String {
        format!("key file {}", self.path.display())
    }
}

#[derive(serde::Deserialize)]
#[serde(untagged)]
enum KeyFile {
    One(KeyMaterial),
    Many(Vec<KeyMaterial>),
}

fn read_key_file(path: &Path) -> Result<KeySet, KeySourceError> {
    let shown = path.display();
    let metadata = std::fs::metadata(path)
        .map_err(|error| KeySourceError::Unavailable(format!("cannot read key file {shown}: {error}")))?;
    check_permissions(path, &metadata)?;
    if metadata.len() > MAX_FILE_BYTES {
        return Err(KeySourceError::Invalid(format!("key file {shown} is larger than {MAX_FILE_BYTES} bytes")));
    }

    let text = zeroize::Zeroizing::new(
        std::fs::read_to_string(path)
            .map_err(|error| KeySourceError::Unavailable(format!("cannot read key file {shown}: {error}")))?,
    );
    // serde_json's error names a line and column, never the content.
    let parsed: KeyFile = serde_json::from_str(&text).map_err(|error| {
        KeySourceError::Invalid(format!(
            "invalid key file {shown}: {error}; expected {{\"access_key_id\": ..., \"secret_access_key\": ...}} or an array of them"
        ))
    })?;
    let keys = match parsed {
        KeyFile::One(key) => vec![key],
        KeyFile::Many(keys) => keys,
    };
    if keys.is_empty() {
        return Err(KeySourceError::Invalid(format!("key file {shown} contains no key")));
    }
    for key in &keys {
        key.validate().map_err(|message| KeySourceError::Invalid(format!("key file {shown}: {message}")))?;
    }

    let named: Vec<(KeyMaterial, String)> =
        keys.into_iter().enumerate().map(|(index, key)| (key, format!("file#{index}"))).collect();
    let signing = named.first().cloned();
    Ok(KeySet::new(signing, named, format!("key file {shown}")))
}

#[cfg(unix)]
fn check_permissions(path: &Path, metadata: &std::fs::Metadata) -> Result<(), KeySourceError> {
    use std::os::unix::fs::PermissionsExt;
    let mode = metadata.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(KeySourceError::Invalid(format!(
            "key file {} is readable by group or others (mode {mode:o}); run: chmod 600 {}",
            path.display(),
            path.display()
        )));
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_permissions(_path: &Path, _metadata: &std::fs::Metadata) -> Result<(), KeySourceError> {
    // NOTE: only Unix file modes are checked; on other systems rely on ACLs.
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    const KEY: &str = r#"{"access_key_id": "AKIAFILETEST00000001", "secret_access_key": "fileSecret0123456789abcdefghijABCDEFGHIJ"}"#;

    fn write(name: &str, content: &str, mode: u32) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("agentsec-keys-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join(name);
        std::fs::write(&path, content).expect("write");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).expect("chmod");
        path
    }

    #[test]
    fn reads_one_key() {
        let set = FileKeySource::new(write("one.json", KEY, 0o600)).read().expect("valid");
        assert_eq!(set.signing_key().map(|k| k.access_key_id.as_str()), Some("AKIAFILETEST00000001"));
        assert_eq!(set.accepted().len(), 1);
    }

    #[test]
    fn reads_array_and_signs_with_first() {
        let second = KEY.replace("00000001", "00000002");
        let path = write("many.json", &format!("[{second}, {KEY}]"), 0o600);
        let set = FileKeySource::new(path).read().expect("valid");
        assert_eq!(set.signing_key().map(|k| k.access_key_id.as_str()), Some("AKIAFILETEST00000002"));
        assert_eq!(set.accepted().len(), 2);
        assert_eq!(set.lookup("AKIAFILETEST00000001").len(), 1);
    }

    #[test]
    fn rejects_group_readable_file() {
        let error = FileKeySource::new(write("open.json", KEY, 0o640)).read().expect_err("accepted");
        let message = error.to_string();
        assert!(message.contains("readable by group or others"), "{message}");
        assert!(message.contains("chmod 600"), "{message}");
    }

    #[test]
    fn rejects_malformed_file_without_echoing_it() {
        let broken = KEY.replace('}', "");
        let error = FileKeySource::new(write("broken.json", &broken, 0o600)).read().expect_err("accepted");
        assert!(!error.to_string().contains("fileSecret"), "{error}");
    }

    #[test]
    fn rejects_empty_array_and_short_secret() {
        assert!(FileKeySource::new(write("empty.json", "[]", 0o600)).read().is_err());
        let short = r#"{"access_key_id": "AKIAFILETEST00000001", "secret_access_key": "short"}"#;
        let error = FileKeySource::new(write("short.json", short, 0o600)).read().expect_err("accepted");
        assert!(!error.to_string().contains("short\""), "{error}");
    }

    #[test]
    fn missing_file_is_unavailable() {
        let error = FileKeySource::new("/nonexistent/agentsec/keys.json").read().expect_err("accepted");
        assert!(matches!(error, KeySourceError::Unavailable(_)));
    }
}
