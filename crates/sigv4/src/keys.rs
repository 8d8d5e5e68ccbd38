//! Key resolution: from an access key id to the secret keys that may have
//! signed the request.
//!
//! Several keys can be valid at once (during a rotation, the current, pending
//! and previous keys). A resolver returns every candidate for an access key
//! id; the verifier tries each and reports which one matched by its
//! [`name`](VerificationKey::name). Each key caches the signing keys derived
//! from it, per date, region and service, so a steady stream of requests
//! costs one HMAC per request, not five.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use crate::amz_date::AmzDate;
use crate::secret::{SecretKey, SigningKey};

/// A boxed, sendable future, as returned by the resolver and replay-store
/// traits.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// How many derived signing keys one secret keeps (a few dates times a few
/// scopes is plenty: the scope date changes once a day).
const CACHED_SIGNING_KEYS: usize = 8;

/// One accepted secret key and its signing-key cache.
pub struct VerificationKey {
    access_key_id: String,
    name: Arc<str>,
    secret: SecretKey,
    cache: Mutex<Vec<CachedSigningKey>>,
}

struct CachedSigningKey {
    date_stamp: [u8; 8],
    region: Box<str>,
    service: Box<str>,
    key: SigningKey,
}

impl VerificationKey {
    /// Creates a key. `name` identifies the key (for example a Secrets
    /// Manager version id or `file#0`) and is reported when it matches.
    pub fn new(access_key_id: impl Into<String>, name: impl Into<Arc<str>>, secret: SecretKey) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            name: name.into(),
            secret,
            cache: Mutex::new(Vec::with_capacity(2)),
        }
    }

    /// The access key id.
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// Which key this is.
    pub fn name(&self) -> &Arc<str> {
        &self.name
    }

    /// The secret key.
    pub fn secret(&self) -> &SecretKey {
        &self.secret
    }

    /// Returns the signing key for a date and scope, deriving and caching it
    /// on first use.
    pub fn signing_key(&self, date: &AmzDate, region: &str, service: &str) -> SigningKey {
        let stamp: [u8; 8] = date.date_stamp().as_bytes().try_into().unwrap_or([0; 8]);
        let mut cache = match self.cache.lock() {
            Ok(cache) => cache,
            // A panic while holding the lock cannot leave a wrong key behind:
            // entries are inserted whole. Keep using the cache.
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some(hit) = cache
            .iter()
            .find(|entry| entry.date_stamp == stamp && &*entry.region == region && &*entry.service == service)
        {
            return hit.key.clone();
        }

        let key = SigningKey::derive(&self.secret, date, region, service);
        if cache.len() == CACHED_SIGNING_KEYS {
            cache.remove(0);
        }
        cache.push(CachedSigningKey {
            date_stamp: stamp,
            region: region.into(),
            service: service.into(),
            key: key.clone(),
        });
        key
    }
}

impl fmt::Debug for VerificationKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerificationKey")
            .field("access_key_id", &self.access_key_id)
            .field("name", &self.name)
            .field("secret", &self.secret)
            .finish_non_exhaustive()
    }
}

/// An error from a key resolver (its backing store failed). Not the same as
/// an unknown key, which is `Ok` with no candidates.
#[derive(Debug, thiserror::Error)]
#[error("key resolver failed: {0}")]
pub struct KeyResolveError(pub String);

/// Maps an access key id to the keys that may have signed with it.
///
/// Implementations must not block: a resolver backed by a remote store
/// should keep its key set in memory and refresh it in the background.
pub trait KeyResolver: Send + Sync + 'static {
    /// Returns every accepted key for `access_key_id`; empty when unknown.
    fn resolve<'a>(
        &'a self,
        access_key_id: &'a str,
    ) -> BoxFuture<'a, Result<Vec<Arc<VerificationKey>>, KeyResolveError>>;

    /// Returns the keys without awaiting, when the resolver can (an
    /// in-memory key set always can). The verifier tries this first and
    /// falls back to [`KeyResolver::resolve`] on `None`.
    fn resolve_now(&self, _access_key_id: &str) -> Option<Result<Vec<Arc<VerificationKey>>, KeyResolveError>> {
        None
    }
}

/// A fixed set of keys held in memory.
#[derive(Debug, Default, Clone)]
pub struct StaticKeys {
    keys: Vec<Arc<VerificationKey>>,
}

impl StaticKeys {
    /// Creates a set from keys.
    pub fn new(keys: impl IntoIterator<Item = VerificationKey>) -> Self {
        Self { keys: keys.into_iter().map(Arc::new).collect() }
    }

    /// Creates a set from shared keys (for example, the keys of a live key set).
    pub fn from_shared(keys: Vec<Arc<VerificationKey>>) -> Self {
        Self { keys }
    }

    /// Returns every key with this access key id, without allocating a future.
    pub fn lookup(&self, access_key_id: &str) -> Vec<Arc<VerificationKey>> {
        self.keys.iter().filter(|key| key.access_key_id == access_key_id).cloned().collect()
    }
}

impl KeyResolver for StaticKeys {
    fn resolve<'a>(
        &'a self,
        access_key_id: &'a str,
    ) -> BoxFuture<'a, Result<Vec<Arc<VerificationKey>>, KeyResolveError>> {
        let found = self.lookup(access_key_id);
        Box::pin(std::future::ready(Ok(found)))
    }

    fn resolve_now(&self, access_key_id: &str) -> Option<Result<Vec<Arc<VerificationKey>>, KeyResolveError>> {
        Some(Ok(self.lookup(access_key_id)))
    }
}

impl<T: KeyResolver> KeyResolver for Arc<T> {
    fn resolve<'a>(
        &'a self,
        access_key_id: &'a str,
    ) -> BoxFuture<'a, Result<Vec<Arc<VerificationKey>>, KeyResolveError>> {
        (**self).resolve(access_key_id)
    }

    fn resolve_now(&self, access_key_id: &str) -> Option<Result<Vec<Arc<VerificationKey>>, KeyResolveError>> {
        (**self).resolve_now(access_key_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_secret() {
        let key = VerificationKey::new("AKID", "file#0", SecretKey::new("topsecretvalue"));
        let printed = format!("{key:?}");
        assert!(printed.contains("AKID"));
        assert!(!printed.contains("topsecretvalue"), "{printed}");
    }

    #[test]
    fn caches_signing_keys_per_scope() {
        let key = VerificationKey::new("AKID", "k", SecretKey::new("secret"));
        let date = AmzDate::parse("20150830T123600Z").expect("date");
        let first = key.signing_key(&date, "us-east-1", "execute-api");
        let again = key.signing_key(&date, "us-east-1", "execute-api");
        let other = key.signing_key(&date, "eu-west-1", "execute-api");
        assert!(first.sign(b"x").ct_eq(&again.sign(b"x")));
        assert!(!first.sign(b"x").ct_eq(&other.sign(b"x")));
        assert_eq!(key.cache.lock().map(|cache| cache.len()).unwrap_or(0), 2);
    }

    #[test]
    fn cache_is_bounded() {
        let key = VerificationKey::new("AKID", "k", SecretKey::new("secret"));
        let date = AmzDate::parse("20150830T123600Z").expect("date");
        for index in 0..(CACHED_SIGNING_KEYS + 5) {
            key.signing_key(&date, &format!("region-{index}"), "svc");
        }
        assert_eq!(key.cache.lock().map(|cache| cache.len()).unwrap_or(0), CACHED_SIGNING_KEYS);
    }
}
