//! New random keys: an access key id of 20 uppercase letters and digits and
//! a 40-character secret, both from the operating system's CSPRNG.

use std::io::Write;
use std::path::Path;

use agentsec_sigv4::SecretKey;

const ID_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const SECRET_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// A freshly generated key.
#[derive(Debug, Clone)]
pub struct GeneratedKey {
    /// `AKIA` followed by 16 random uppercase letters and digits.
    pub access_key_id: String,
    /// 40 random characters from `A-Z a-z 0-9 + /`.
    pub secret_access_key: SecretKey,
}

/// Generates a key.
///
/// # Errors
/// Returns an error when the operating system's random source fails.
pub fn generate_key() -> Result<GeneratedKey, getrandom::Error> {
    let access_key_id = format!("AKIA{}", random_string(ID_ALPHABET, 16)?);
    let secret = random_string(SECRET_ALPHABET, 40)?;
    Ok(GeneratedKey { access_key_id, secret_access_key: SecretKey::new(secret) })
}

/// Draws `len` characters uniformly from `alphabet` (rejection sampling, so
/// no character is more likely than another).
fn random_string(alphabet: &[u8], len: usize) -> Result<String, getrandom::Error> {
    let limit = 256 - (256 % alphabet.len());
    let mut out = String::with_capacity(len);
    let mut buffer = [0u8; 64];
    while out.len() < len {
        getrandom::fill(&mut buffer)?;
        for byte in buffer {
            if usize::from(byte) < limit && out.len() < len {
                out.push(char::from(alphabet[usize::from(byte) % alphabet.len()]));
            }
        }
    }
    Ok(out)
}

impl GeneratedKey {
    /// The key as the JSON object key files and secrets hold.
    pub fn to_json(&self) -> zeroize::Zeroizing<String> {
        let value = serde_json::json!({
            "access_key_id": self.access_key_id,
            "secret_access_key": self.secret_access_key.expose_secret(),
        });
        zeroize::Zeroizing::new(value.to_string())
    }

    /// Writes the key to `path` as a key file with mode 0600, failing if the
    /// file exists unless `overwrite` is set.
    ///
    /// # Errors
    /// Returns the I/O error, with the path.
    pub fn write_key_file(&self, path: &Path, overwrite: bool) -> std::io::Result<()> {
        let mut options = std::fs::OpenOptions::new();
        options.write(true);
        if overwrite {
            options.create(true).truncate(true);
        } else {
            options.create_new(true);
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options
            .open(path)
            .map_err(|error| std::io::Error::new(error.kind(), format!("{}: {error}", path.display())))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
        file.write_all(self.to_json().as_bytes())?;
        file.write_all(b"\n")?;
        file.sync_all()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generates_expected_shapes() {
        let key = generate_key().expect("random");
        assert_eq!(key.access_key_id.len(), 20);
        assert!(key.access_key_id.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()));
        let secret = key.secret_access_key.expose_secret();
        assert_eq!(secret.len(), 40);
        assert!(secret.bytes().all(|b| SECRET_ALPHABET.contains(&b)));
    }

    #[test]
    fn keys_differ() {
        let a = generate_key().expect("random");
        let b = generate_key().expect("random");
        assert_ne!(a.access_key_id, b.access_key_id);
        assert_ne!(a.secret_access_key.expose_secret(), b.secret_access_key.expose_secret());
    }

    #[test]
    fn key_file_round_trips_with_mode_0600() {
        use std::os::unix::fs::PermissionsExt;
        let key = generate_key().expect("random");
        let path = std::env::temp_dir().join(format!("agentsec-generated-{}.json", std::process::id()));
        std::fs::remove_file(&path).ok();
        key.write_key_file(&path, false).expect("write");
        let mode = std::fs::metadata(&path).expect("metadata").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert!(key.write_key_file(&path, false).is_err(), "existing file overwritten");
        let set = crate::FileKeySource::new(&path).read().expect("readable");
        assert_eq!(set.signing_key().map(|k| k.access_key_id.clone()), Some(key.access_key_id.clone()));
        std::fs::remove_file(&path).ok();
    }
}
