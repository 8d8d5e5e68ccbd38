//! App Mesh and Access Analyzer checks on variations of the generated
//! account.

use agentsec_audit::checks::{Scope, access_analyzer, app_mesh};
use agentsec_audit::finding::{Finding, Status};
use agentsec_audit::model::{AnalyzerFinding, AppMeshModel, Collected};
use agentsec_audit::testing::compliant_account;

const SCOPE: Scope<'static> = Scope {
    account_id: "111122223333",
    region: "eu-west-1",
};

fn services() -> Vec<String> {
    vec!["orbit".to_owned(), "axon".to_owned()]
}

fn mesh_model() -> AppMeshModel {
    compliant_account().regions.remove(0).app_mesh
}

fn mesh_findings(model: &AppMeshModel) -> Vec<Finding> {
    app_mesh::run(model, &SCOPE, "agentsec", &services())
}

fn statuses(findings: &[Finding], check_id: &str) -> Vec<Status> {
    findings
        .iter()
        .filter(|f| f.check_id == check_id)
        .map(|f| f.status)
        .collect()
}

#[test]
fn no_mesh_is_not_applicable() {
    let model = AppMeshModel {
        meshes: Collected::Value(Vec::new()),
    };

    let findings = mesh_findings(&model);

    assert_eq!(findings.len(), app_mesh::CHECKS.len());
    assert!(findings.iter().all(|f| f.status == Status::NotApplicable));
}

#[test]
fn meshes_not_collected_is_error_naming_the_call() {
    let findings = mesh_findings(&AppMeshModel::default());

    assert!(findings.iter().all(|f| f.status == Status::Error));
    assert!(
        findings[0].message.contains("appmesh:DescribeMesh"),
        "{}",
        findings[0].message
    );
}

#[test]
fn allow_all_egress_fails() {
    let mut model = mesh_model();
    if let Collected::Value(meshes) = &mut model.meshes {
        meshes[0].egress_filter = "ALLOW_ALL".to_owned();
    }

    assert_eq!(
        statuses(&mesh_findings(&model), app_mesh::EGRESS_DROP_ALL.id),
        vec![Status::Fail]
    );
}

#[test]
fn service_without_node_fails() {
    let mut model = mesh_model();
    if let Collected::Value(meshes) = &mut model.meshes
        && let Collected::Value(nodes) = &mut meshes[0].virtual_nodes
    {
        nodes.retain(|node| node.name != "axon");
    }

    let findings = mesh_findings(&model);
    let statuses = statuses(&findings, app_mesh::SERVICE_VIRTUAL_NODE.id);

    assert_eq!(statuses, vec![Status::Pass, Status::Fail]);
}

#[test]
fn project_prefixed_node_name_counts() {
    let mut model = mesh_model();
    if let Collected::Value(meshes) = &mut model.meshes
        && let Collected::Value(nodes) = &mut meshes[0].virtual_nodes
    {
        nodes[1].name = "agentsec-axon-v2".to_owned();
    }

    let findings = mesh_findings(&model);

    assert_eq!(
        statuses(&findings, app_mesh::SERVICE_VIRTUAL_NODE.id),
        vec![Status::Pass, Status::Pass]
    );
}

#[test]
fn permissive_listener_and_unenforced_backend_fail() {
    let mut model = mesh_model();
    if let Collected::Value(meshes) = &mut model.meshes
        && let Collected::Value(nodes) = &mut meshes[0].virtual_nodes
    {
        nodes[0].listeners[0].tls_mode = Some("PERMISSIVE".to_owned());
        nodes[1].backend_defaults_tls_enforce = None;
    }

    let findings = mesh_findings(&model);

    assert_eq!(
        statuses(&findings, app_mesh::LISTENER_TLS_STRICT.id),
        vec![Status::Fail, Status::Pass]
    );
    assert_eq!(
        statuses(&findings, app_mesh::BACKEND_TLS_ENFORCED.id),
        vec![Status::Pass, Status::Fail]
    );
}

#[test]
fn analyzer_missing_fails_and_findings_not_applicable() {
    let mut model = compliant_account().regions.remove(0).access_analyzer;
    if let Collected::Value(analyzers) = &mut model.analyzers {
        analyzers[0].status = "DISABLED".to_owned();
    }

    let findings = access_analyzer::run(&model, &SCOPE);

    assert_eq!(
        statuses(&findings, access_analyzer::ANALYZER_ENABLED.id),
        vec![Status::Fail]
    );
    assert_eq!(
        statuses(&findings, access_analyzer::ANALYZER_FINDINGS.id),
        vec![Status::NotApplicable]
    );
}

#[test]
fn each_active_finding_fails() {
    let mut model = compliant_account().regions.remove(0).access_analyzer;
    if let Collected::Value(analyzers) = &mut model.analyzers {
        analyzers[0].active_findings = Collected::Value(vec![
            AnalyzerFinding {
                id: "f-1".to_owned(),
                resource: "arn:aws:kms:eu-west-1:111122223333:key/key-orbit".to_owned(),
                resource_type: Some("AWS::KMS::Key".to_owned()),
                is_public: false,
                principals: vec!["444455556666".to_owned()],
                actions: vec!["kms:Decrypt".to_owned()],
            },
            AnalyzerFinding {
                id: "f-2".to_owned(),
                resource: "arn:aws:s3:::agentsec-reports".to_owned(),
                resource_type: Some("AWS::S3::Bucket".to_owned()),
                is_public: true,
                principals: vec!["*".to_owned()],
                actions: vec!["s3:GetObject".to_owned()],
            },
        ]);
    }

    let findings = access_analyzer::run(&model, &SCOPE);
    let active: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.check_id == access_analyzer::ANALYZER_FINDINGS.id)
        .collect();

    assert_eq!(active.len(), 2);
    assert!(active.iter().all(|f| f.status == Status::Fail));
    assert_eq!(
        active[0].resource,
        "arn:aws:kms:eu-west-1:111122223333:key/key-orbit"
    );
    assert!(
        active[1].message.contains("public access"),
        "{}",
        active[1].message
    );
}

#[test]
fn analyzer_list_failure_is_error() {
    let mut model = compliant_account().regions.remove(0).access_analyzer;
    model.analyzers = Collected::failed("access-analyzer:ListAnalyzers", "AccessDeniedException");

    let findings = access_analyzer::run(&model, &SCOPE);

    assert!(findings.iter().all(|f| f.status == Status::Error));
    assert!(findings[0].message.contains(
        "access-analyzer:ListAnalyzers failed in region eu-west-1: AccessDeniedException"
    ));
}
