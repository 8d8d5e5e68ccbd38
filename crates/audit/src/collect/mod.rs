//! Live collection: fills an [`AccountModel`] from the AWS APIs.
//!
//! Credentials, region and endpoint come from the standard chain of
//! `aws-config` (environment, shared config and credentials files with
//! `AWS_PROFILE`, SSO, web identity, container and instance metadata),
//! so `AWS_PROFILE`, `AWS_REGION` and `AWS_ENDPOINT_URL` apply as they do
//! for the AWS CLI
//! (<https://docs.aws.amazon.com/sdkref/latest/guide/standardized-credentials.html>).
//!
//! How the collector calls AWS:
//!
//! - Every list goes through the SDK paginator, one API call per page.
//! - A semaphore keeps at most [`CollectOptions::max_concurrency`] calls in
//!   flight across all services and regions. A paginated list holds one
//!   permit for all its pages, because its pages are fetched one after the
//!   other.
//! - Retries use the SDK's adaptive retry mode with
//!   [`CollectOptions::max_attempts`] attempts per call: exponential backoff
//!   with jitter on throttling and transient errors, plus a client-side rate
//!   limiter that slows down after throttling responses
//!   (<https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html>).
//! - A call that still fails (access denied, throttled after the last
//!   attempt, an operation the endpoint does not support) is recorded as
//!   [`Collected::Failed`] with the call name and the error, and collection
//!   goes on. Every check that needs that part then reports ERROR naming
//!   the call.
//! - IAM and STS are global and are called once; the other services are
//!   called in every requested region.
//!
//! The collector reads configuration only: it never calls
//! `secretsmanager:GetSecretValue` or any other call that returns secret
//! material.

mod access_analyzer;
mod app_mesh;
mod cloudtrail;
mod ec2;
mod iam;
mod kms;
mod monitoring;
mod secrets;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_sts::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use time::OffsetDateTime;
use tokio::sync::{Semaphore, SemaphorePermit};

use crate::model::{AccountModel, Collected, RegionModel};

/// The API call that returns the account id.
pub const CALLER_IDENTITY_CALL: &str = "sts:GetCallerIdentity";

/// A callback told about every finished API call: the call name
/// (`service:Action`) and the number of calls made so far.
pub type ProgressCallback = Arc<dyn Fn(&str, u64) + Send + Sync>;

/// The options of a live collection.
#[derive(Clone)]
pub struct CollectOptions {
    /// The regions to collect; empty means the region of the configuration
    /// chain (`AWS_REGION`, then the profile's `region`).
    pub regions: Vec<String>,

    /// The maximum number of API calls in flight at once.
    pub max_concurrency: usize,

    /// The maximum number of attempts per API call, the first included.
    pub max_attempts: u32,

    /// Called after every API call, for a progress display.
    pub progress: Option<ProgressCallback>,
}

impl Default for CollectOptions {
    /// Builds options for the configured region with 16 calls in flight
    /// and 5 attempts per call.
    fn default() -> Self {
        Self {
            regions: Vec::new(),
            max_concurrency: 16,
            max_attempts: 5,
            progress: None,
        }
    }
}

impl std::fmt::Debug for CollectOptions {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("CollectOptions")
            .field("regions", &self.regions)
            .field("max_concurrency", &self.max_concurrency)
            .field("max_attempts", &self.max_attempts)
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

/// Error returned when a collection cannot start. Failures of single API
/// calls are not errors: they are recorded in the model.
#[derive(Debug, thiserror::Error)]
pub enum CollectError {
    /// No region was given and the configuration chain has none.
    #[error("no AWS region configured; set AWS_REGION, a region in the AWS profile, or pass a region")]
    NoRegion,

    /// A requested region name is malformed.
    #[error("invalid region name {0:?}; expected a name such as eu-west-1")]
    InvalidRegion(String),

    /// The options allow no call in flight or no attempt.
    #[error("max_concurrency and max_attempts must be at least 1")]
    InvalidLimits,

    /// `sts:GetCallerIdentity` failed, so the credentials do not work and
    /// the account id is unknown.
    #[error(
        "{CALLER_IDENTITY_CALL} failed: {0}; check the AWS credentials (AWS_PROFILE, AWS_ACCESS_KEY_ID) and AWS_ENDPOINT_URL"
    )]
    Identity(String),
}

/// The result of a live collection.
#[derive(Debug, Clone)]
pub struct Collection {
    /// The collected model.
    pub model: AccountModel,

    /// The number of API calls made, one per page of a paginated list,
    /// counting a retried call once.
    pub api_calls: u64,

    /// The number of API calls that failed after their last attempt.
    pub failed_calls: u64,

    /// The wall time of the collection.
    pub elapsed: Duration,
}

/// Collects the account model from the AWS APIs.
///
/// # Errors
///
/// Returns [`CollectError`] when no region is configured, the options are
/// invalid, or `sts:GetCallerIdentity` fails. Every other failed call is
/// recorded in the model as [`Collected::Failed`].
pub async fn collect(options: &CollectOptions) -> Result<Collection, CollectError> {
    if options.max_concurrency == 0 || options.max_attempts == 0 {
        return Err(CollectError::InvalidLimits);
    }
    for region in &options.regions {
        if !crate::snapshot::is_region_name(region) {
            return Err(CollectError::InvalidRegion(region.clone()));
        }
    }
    let started = Instant::now();

    let base = load_config(None, options.max_attempts).await;
    let regions: Vec<String> = if options.regions.is_empty() {
        let region = base.region().ok_or(CollectError::NoRegion)?;
        vec![region.to_string()]
    } else {
        options.regions.clone()
    };

    let context = CallContext::new(options);

    // The account id; without it nothing else makes sense.
    let sts = aws_sdk_sts::Client::new(&base);
    let identity = context
        .call(CALLER_IDENTITY_CALL, sts.get_caller_identity().send())
        .await
        .map_err(|failure| CollectError::Identity(failure.error))?;
    let account_id = identity.account().unwrap_or_default().to_owned();

    // IAM is global; the regional services run next to it.
    let iam_client = aws_sdk_iam::Client::new(&base);
    let iam_part = iam::collect(&context, &iam_client);
    let mut region_configs = Vec::with_capacity(regions.len());
    for region in &regions {
        region_configs.push((
            region.clone(),
            load_config(Some(region.clone()), options.max_attempts).await,
        ));
    }
    let regional = futures_util::future::join_all(
        region_configs
            .iter()
            .map(|(region, config)| collect_region(&context, region, config)),
    );
    let (iam_part, region_models) = tokio::join!(iam_part, regional);

    let mut model = AccountModel::new(&account_id, &[], OffsetDateTime::now_utc());
    model.iam = iam_part.map(|mut iam| {
        iam.account_id = Some(account_id.clone());
        iam
    });
    model.regions = region_models;

    Ok(Collection {
        model,
        api_calls: context.calls.load(Ordering::Relaxed),
        failed_calls: context.failures.load(Ordering::Relaxed),
        elapsed: started.elapsed(),
    })
}

async fn collect_region(context: &CallContext, region: &str, config: &SdkConfig
) -> RegionModel {
    let ec2_client = aws_sdk_ec2::Client::new(config);
    let kms_client = aws_sdk_kms::Client::new(config);
    let secrets_client = aws_sdk_secretsmanager::Client::new(config);
    let cloudtrail_client = aws_sdk_cloudtrail::Client::new(config);
    let logs_client = aws_sdk_cloudwatchlogs::Client::new(config);
    let cloudwatch_client = aws_sdk_cloudwatch::Client::new(config);
    let sns_client = aws_sdk_sns::Client::new(config);
    let analyzer_client = aws_sdk_accessanalyzer::Client::new(config);
    let mesh_client = aws_sdk_appmesh::Client::new(config);

    let (ec2, kms, secrets, cloudtrail, monitoring, access_analyzer, app_mesh) = tokio::join!(
        ec2::collect(context, &ec2_client),
        kms::collect(context, &kms_client),
        secrets::collect(context, &secrets_client),
        cloudtrail::collect(context, &cloudtrail_client),
        monitoring::collect(context, &logs_client, &cloudwatch_client, &sns_client),
        access_analyzer::collect(context, &analyzer_client),
        app_mesh::collect(context, &mesh_client),
    );
    RegionModel {
        ec2,
        kms,
        secrets,
        cloudtrail,
        monitoring,
        access_analyzer,
        app_mesh,
        ..RegionModel::new(region)
    }
}

async fn load_config(region: Option<String>, max_attempts: u32) -> SdkConfig {
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .retry_config(RetryConfig::adaptive().with_max_attempts(max_attempts));
    if let Some(region) = region {
        loader = loader.region(Region::new(region));
    }
    loader.load().await
}

/// A failed API call, as it goes into [`Collected::Failed`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CallFailure {
    pub(crate) call: &'static str,
    pub(crate) error: String,
}

impl<T> From<CallFailure> for Collected<T> {
    fn from(failure: CallFailure) -> Self {
        Collected::Failed {
            call: failure.call.to_owned(),
            error: failure.error,
        }
    }
}

/// Turns the result of a collection step into a model part.
pub(crate) fn collected<T>(result: Result<T, CallFailure>) -> Collected<T> {
    match result {
        Ok(value) => Collected::Value(value),
        Err(failure) => failure.into(),
    }
}

/// The state shared by every call of one collection: the concurrency limit,
/// the call counters and the progress callback.
pub(crate) struct CallContext {
    permits: Semaphore,
    calls: AtomicU64,
    failures: AtomicU64,
    progress: Option<ProgressCallback>,
}

impl CallContext {
    fn new(options: &CollectOptions) -> Self {
        Self {
            permits: Semaphore::new(options.max_concurrency),
            calls: AtomicU64::new(0),
            failures: AtomicU64::new(0),
            progress: options.progress.clone(),
        }
    }

    /// Waits for a free slot; the call it guards may start when this
    /// returns.
    pub(crate) async fn permit(&self) -> SemaphorePermit<'_> {
        // The semaphore is never closed, so acquire cannot fail.
        match self.permits.acquire().await {
            Ok(permit) => permit,
            Err(_) => unreachable!("the collection semaphore is never closed"),
        }
    }

    /// Counts one finished API call (one page of a list).
    pub(crate) fn count(&self, call: &str) {
        let total = self.calls.fetch_add(1, Ordering::Relaxed) + 1;
        if let Some(progress) = &self.progress {
            progress(call, total);
        }
    }

    /// Records a failed call and builds its [`CallFailure`].
    pub(crate) fn failure<E>(&self, call: &'static str, error: &SdkError<E>) -> CallFailure
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        self.failures.fetch_add(1, Ordering::Relaxed);
        let error = describe_error(error);
        tracing::warn!(call, error = %error, "aws api call failed");
        CallFailure { call, error }
    }

    /// Records a failure that is not an SDK error, such as an invalid
    /// policy document in a response.
    pub(crate) fn invalid_response(&self, call: &'static str, error: String) -> CallFailure {
        tracing::warn!(call, error = %error, "invalid aws api response");
        CallFailure { call, error }
    }

    /// Runs one non-paginated call under the concurrency limit.
    pub(crate) async fn call<T, E>(
        &self,
        call: &'static str,
        request: impl Future<Output = Result<T, SdkError<E>>>,
    ) -> Result<T, CallFailure>
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        let _permit = self.permit().await;
        let result = request.await;
        self.count(call);
        result.map_err(|error| self.failure(call, &error))
    }
}

/// Describes an SDK error in one line: the AWS error code and message for
/// a service error, the HTTP status for a response without an AWS error
/// (such as an endpoint that does not implement the operation), the status
/// and the parse error for a successful response that could not be read,
/// and the source chain otherwise (timeouts, connection failures).
pub(crate) fn describe_error<E>(error: &SdkError<E>) -> String
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    match (error.code(), error.message()) {
        (Some(code), Some(message)) => return format!("{code}: {message}"),
        (Some(code), None) => return code.to_owned(),
        _ => {}
    }
    if let Some(response) = error.raw_response() {
        let status = response.status();
        if status.is_success() {
            return format!(
                "HTTP status {} with a response that could not be read: {}",
                status.as_u16(),
                innermost_cause(error)
            );
        }
        return format!(
            "HTTP status {} without an AWS error code; the endpoint may not implement this operation",
            status.as_u16()
        );
    }
    DisplayErrorContext(error).to_string()
}

/// Returns the message of the last error in a source chain: for a response that
/// could not be read, the parser's own words, without the response itself.
fn innermost_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = error;
    while let Some(source) = cause.source() {
        cause = source;
    }
    cause.to_string()
}

/// Fetches every page of an SDK paginator under one concurrency permit,
/// counting each page as one call, and hands each page to `$each`.
/// Evaluates to `Result<(), CallFailure>`.
macro_rules! for_each_page {
    ($context:expr, $call:expr, $paginator:expr, |$page:ident| $each:block) => {{
        let context: &$crate::collect::CallContext = $context;
        let _permit = context.permit().await;
        let mut pages = $paginator.send();
        let mut outcome = Ok(());
        while let Some(result) = pages.next().await {
            context.count($call);
            match result {
                Ok($page) => $each,
                Err(error) => {
                    outcome = Err(context.failure($call, &error));
                    break;
                }
            }
        }
        outcome
    }};
}
pub(crate) use for_each_page;
