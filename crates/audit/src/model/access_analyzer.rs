//! The IAM Access Analyzer part of a region: analyzers and their active
//! findings.
//!
//! Field meanings follow `AnalyzerSummary` and `FindingSummary` of the
//! Access Analyzer API reference
//! (<https://docs.aws.amazon.com/access-analyzer/latest/APIReference/>).

use serde::{Deserialize, Serialize};

use super::Collected;

/// The API calls behind each field, for ERROR messages.
pub mod calls {
    /// [`super::AccessAnalyzerModel::analyzers`].
    pub const ANALYZERS: &str = "access-analyzer:ListAnalyzers";
    /// [`super::Analyzer::active_findings`].
    pub const FINDINGS: &str = "access-analyzer:ListFindings";
}

/// The analyzers of one region.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AccessAnalyzerModel {
    /// Analyzers.
    #[serde(default)]
    pub analyzers: Collected<Vec<Analyzer>>,
}

/// An analyzer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Analyzer {
    /// The analyzer name.
    pub name: String,

    /// The analyzer ARN.
    pub arn: String,

    /// `ACCOUNT`, `ORGANIZATION`, or an unused-access type such as
    /// `ACCOUNT_UNUSED_ACCESS`.
    pub analyzer_type: String,

    /// `ACTIVE`, `CREATING`, `DISABLED` or `FAILED`.
    pub status: String,

    /// Findings with status `ACTIVE`.
    #[serde(default)]
    pub active_findings: Collected<Vec<AnalyzerFinding>>,
}

impl Analyzer {
    /// Returns whether the analyzer is running.
    pub fn is_active(&self) -> bool {
        self.status == "ACTIVE"
    }
}

/// An active Access Analyzer finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnalyzerFinding {
    /// The finding id.
    pub id: String,

    /// The resource the finding is about.
    pub resource: String,

    /// The resource type, such as `AWS::KMS::Key`.
    #[serde(default)]
    pub resource_type: Option<String>,

    /// Whether the finding reports public access.
    #[serde(default)]
    pub is_public: bool,

    /// The external principals that have access, as written by the analyzer.
    #[serde(default)]
    pub principals: Vec<String>,

    /// The actions they can perform.
    #[serde(default)]
    pub actions: Vec<String>,
}
