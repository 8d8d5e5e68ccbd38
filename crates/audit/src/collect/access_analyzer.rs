//! IAM Access Analyzer collection: `ListAnalyzers`, then `ListFindings`
//! with status `ACTIVE` per external-access analyzer (`ACCOUNT`,
//! `ORGANIZATION`). Unused-access analyzers report through
//! `ListFindingsV2` and are not read, because no check uses their
//! findings; their findings stay not collected.

use aws_sdk_accessanalyzer::Client;
use aws_sdk_accessanalyzer::types::Criterion;
use futures_util::future::join_all;

use super::{CallContext, CallFailure, collected, for_each_page};
use crate::model::{AccessAnalyzerModel, Analyzer, AnalyzerFinding, Collected, calls};

/// Collects the Access Analyzer part of one region.
pub(super) async fn collect(context: &CallContext, client: &Client) -> AccessAnalyzerModel {
    AccessAnalyzerModel {
        analyzers: collected(analyzers(context, client).await),
    }
}

async fn analyzers(context: &CallContext, client: &Client) -> Result<Vec<Analyzer>, CallFailure> {
    let mut analyzers = Vec::new();
    for_each_page!(
        context,
        calls::access_analyzer::ANALYZERS,
        client.list_analyzers().into_paginator(),
        |page| {
            analyzers.extend(page.analyzers().iter().map(|analyzer| Analyzer {
                name: analyzer.name().to_owned(),
                arn: analyzer.arn().to_owned(),
                analyzer_type: analyzer.r#type().as_str().to_owned(),
                status: analyzer.status().as_str().to_owned(),
                active_findings: Collected::NotCollected,
            }));
        }
    )?;

    let findings = join_all(analyzers.iter().map(|analyzer| async move {
        if matches!(analyzer.analyzer_type.as_str(), "ACCOUNT" | "ORGANIZATION") {
            collected(active_findings(context, client, &analyzer.arn).await)
        } else {
            Collected::NotCollected
        }
    }))
    .await;
    for (analyzer, findings) in analyzers.iter_mut().zip(findings) {
        analyzer.active_findings = findings;
    }
    Ok(analyzers)
}

async fn active_findings(
    context: &CallContext,
    client: &Client,
    analyzer_arn: &str,
) -> Result<Vec<AnalyzerFinding>, CallFailure> {
    let active = Criterion::builder().eq("ACTIVE").build();
    let mut findings = Vec::new();
    for_each_page!(
        context,
        calls::access_analyzer::FINDINGS,
        client
            .list_findings()
            .analyzer_arn(analyzer_arn)
            .filter("status", active)
            .into_paginator(),
        |page| {
            findings.extend(page.findings().iter().map(|finding| AnalyzerFinding {
                id: finding.id().to_owned(),
                resource: finding.resource().unwrap_or_default().to_owned(),
                resource_type: Some(finding.resource_type().as_str().to_owned()),
                is_public: finding.is_public().unwrap_or(false),
                principals: finding
                    .principal()
                    .map(|principals| {
                        let mut list: Vec<String> = principals
                            .iter()
                            .map(|(kind, value)| format!("{kind}: {value}"))
                            .collect();
                        list.sort();
                        list
                    })
                    .unwrap_or_default(),
                actions: finding.action().to_vec(),
            }));
        }
    )?;
    Ok(findings)
}
