//! The request context that the evaluator decides on.
//!
//! Follows "Processing the request context" in AWS's policy evaluation logic
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html>):
//! the principal, the action, the resource, and the condition context keys.
//!
//! Condition keys are stored lowercased because IAM matches key names
//! case-insensitively. A key can be unknown (not supplied), known to be
//! absent from the request, or known with one or more values.
//!
//! Limits: the principal is identified by ARN only. Tags, session policies
//! and source identity are not modeled.

use std::collections::BTreeMap;

/// Error returned when a request context cannot be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContextError {
    /// The principal ARN has no account id field.
    #[error(
        "invalid principal ARN {0:?}: expected arn:PARTITION:SERVICE::ACCOUNT:RESOURCE with a 12-digit account id"
    )]
    InvalidPrincipalArn(String),

    /// The action is not of the form `service:ActionName`.
    #[error("invalid action {0:?}: expected SERVICE:ACTION, for example kms:Decrypt")]
    InvalidAction(String),
}

/// The resource a request targets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestResource {
    /// One resource, by ARN.
    Arn(String),

    /// "Some resource": an `Allow` applies if it names any resource at all,
    /// and a `Deny` applies only if it covers every resource. Used by checks
    /// that ask whether a principal can perform an action anywhere.
    Any,
}

/// What a principal ARN names, which decides how resource-based policies
/// apply to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrincipalKind {
    /// `arn:aws:iam::ACCOUNT:root`.
    AccountRoot,

    /// `arn:aws:iam::ACCOUNT:user/...`.
    User,

    /// `arn:aws:iam::ACCOUNT:role/...`, with the role name (last path segment).
    Role {
        /// The role name without its path.
        name: String,
    },

    /// `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`.
    RoleSession {
        /// The name of the role the session belongs to.
        role_name: String,
    },

    /// Any other principal (federated user, service, ...).
    Other,
}

/// The facts of one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestContext {
    principal_arn: String,
    principal_account: String,
    principal_kind: PrincipalKind,
    action: String,
    resource: RequestResource,
    resource_account: Option<String>,
    condition_keys: BTreeMap<String, Option<Vec<String>>>,
}

/// The state of one condition key in the context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContextValue<'a> {
    /// The key was not supplied, so conditions on it are undecidable.
    Unknown,

    /// The key is known to be absent from the request.
    Absent,

    /// The key is present with these values.
    Present(&'a [String]),
}

impl RequestContext {
    /// Builds the context of a request by `principal_arn` to perform `action`
    /// on `resource_arn`.
    ///
    /// The principal's account is read from the ARN. The resource's account
    /// is read from the resource ARN when it has one (S3 ARNs do not); set it
    /// with [`RequestContext::with_resource_account`] otherwise. The context
    /// keys `aws:PrincipalArn` and `aws:PrincipalAccount` are filled in, and
    /// so is `kms:CallerAccount` for `kms:` actions; later calls to
    /// [`RequestContext::with_condition_value`] replace them.
    ///
    /// # Errors
    ///
    /// Returns [`ContextError`] if the principal ARN has no 12-digit account
    /// id or the action has no `service:` prefix.
    pub fn new(
        principal_arn: &str,
        action: &str,
        resource_arn: &str,
    ) -> Result<Self, ContextError> {
        Self::build(
            principal_arn,
            action,
            RequestResource::Arn(resource_arn.to_owned()),
        )
    }

    /// Builds the context of a request on "some resource" (see
    /// [`RequestResource::Any`]).
    ///
    /// # Errors
    ///
    /// Returns [`ContextError`] as [`RequestContext::new`] does.
    pub fn for_any_resource(principal_arn: &str, action: &str) -> Result<Self, ContextError> {
        Self::build(principal_arn, action, RequestResource::Any)
    }

    fn build(
        principal_arn: &str,
        action: &str,
        resource: RequestResource,
    ) -> Result<Self, ContextError> {
        let principal_account = arn_account(principal_arn)
            .filter(|account| is_account_id(account))
            .ok_or_else(|| ContextError::InvalidPrincipalArn(principal_arn.to_owned()))?
            .to_owned();

        let Some((service, name)) = action.split_once(':') else {
            return Err(ContextError::InvalidAction(action.to_owned()));
        };
        if service.is_empty() || name.is_empty() {
            return Err(ContextError::InvalidAction(action.to_owned()));
        }

        let resource_account = match &resource {
            RequestResource::Arn(arn) => arn_account(arn)
                .filter(|account| !account.is_empty())
                .map(str::to_owned),
            RequestResource::Any => None,
        };

        let mut context = Self {
            principal_arn: principal_arn.to_owned(),
            principal_kind: classify_principal(principal_arn),
            principal_account,
            action: action.to_owned(),
            resource,
            resource_account,
            condition_keys: BTreeMap::new(),
        };

        let account = context.principal_account.clone();
        context = context
            .with_condition_value("aws:PrincipalArn", principal_arn)
            .with_condition_value("aws:PrincipalAccount", &account);
        if service.eq_ignore_ascii_case("kms") {
            context = context.with_condition_value("kms:CallerAccount", &account);
        }
        Ok(context)
    }

    /// Sets the account that owns the resource, for ARNs without an account
    /// field such as S3 buckets.
    #[must_use]
    pub fn with_resource_account(mut self, account: &str) -> Self {
        self.resource_account = Some(account.to_owned());
        self
    }

    /// Sets a condition key to one value, replacing earlier values.
    #[must_use]
    pub fn with_condition_value(self, key: &str, value: &str) -> Self {
        self.with_condition_values(key, [value])
    }

    /// Sets a multivalued condition key, replacing earlier values.
    #[must_use]
    pub fn with_condition_values<'v>(
        mut self,
        key: &str,
        values: impl IntoIterator<Item = &'v str>,
    ) -> Self {
        let values = values.into_iter().map(str::to_owned).collect();
        self.condition_keys.insert(key.to_lowercase(), Some(values));
        self
    }

    /// Records that a condition key is absent from the request, so that
    /// `Null` checks, `...IfExists` operators and negated operators on it can
    /// be decided.
    #[must_use]
    pub fn with_absent_condition_key(mut self, key: &str) -> Self {
        self.condition_keys.insert(key.to_lowercase(), None);
        self
    }

    /// Returns the principal ARN.
    pub fn principal_arn(&self) -> &str {
        &self.principal_arn
    }

    /// Returns the principal's account id.
    pub fn principal_account(&self) -> &str {
        &self.principal_account
    }

    /// Returns the kind of principal the ARN names.
    pub fn principal_kind(&self) -> &PrincipalKind {
        &self.principal_kind
    }

    /// Returns the action, as `service:ActionName`.
    pub fn action(&self) -> &str {
        &self.action
    }

    /// Returns the resource.
    pub fn resource(&self) -> &RequestResource {
        &self.resource
    }

    /// Returns the resource's account id, when known.
    pub fn resource_account(&self) -> Option<&str> {
        self.resource_account.as_deref()
    }

    /// Returns whether the principal and the resource are in different
    /// accounts. An unknown resource account counts as the same account,
    /// which is the case where a resource policy alone can grant access.
    pub fn is_cross_account(&self) -> bool {
        self.resource_account
            .as_deref()
            .is_some_and(|account| account != self.principal_account)
    }

    /// Looks up a condition key, ignoring letter case.
    pub fn condition_value(&self, key: &str) -> ContextValue<'_> {
        match self.condition_keys.get(&key.to_lowercase()) {
            None => ContextValue::Unknown,
            Some(None) => ContextValue::Absent,
            Some(Some(values)) => ContextValue::Present(values),
        }
    }
}

/// Returns the account field (the fifth) of an ARN.
pub(crate) fn arn_account(arn: &str) -> Option<&str> {
    let mut fields = arn.splitn(6, ':');
    if fields.next() != Some("arn") {
        return None;
    }
    let account = fields.nth(3)?;
    fields.next()?;
    Some(account)
}

/// Returns whether the text is a 12-digit AWS account id.
pub(crate) fn is_account_id(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}

fn classify_principal(arn: &str) -> PrincipalKind {
    let mut fields = arn.splitn(6, ':');
    let service = fields.nth(2).unwrap_or_default();
    let resource = fields.nth(2).unwrap_or_default();

    match (service, resource.split_once('/')) {
        ("iam", None) if resource == "root" => PrincipalKind::AccountRoot,
        ("iam", Some(("user", _))) => PrincipalKind::User,
        ("iam", Some(("role", path_and_name))) => PrincipalKind::Role {
            name: path_and_name
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_owned(),
        },
        ("sts", Some(("assumed-role", role_and_session))) => PrincipalKind::RoleSession {
            role_name: role_and_session
                .split('/')
                .next()
                .unwrap_or_default()
                .to_owned(),
        },
        _ => PrincipalKind::Other,
    }
}
