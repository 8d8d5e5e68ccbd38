//! Renders reports in every format and parses them back: JSON with
//! serde_json, SARIF against the official SARIF 2.1.0 schema, JUnit and
//! HTML with an XML parser.

use agentsec_audit::finding::Status;
use agentsec_audit::model::Collected;
use agentsec_audit::report::{Report, html, json, junit, sarif, text};
use agentsec_audit::suppression::Suppression;
use agentsec_audit::testing::{compliant_account, secret};
use agentsec_audit::{AuditOptions, run};
use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};
use time::macros::date;

/// Builds a report with PASS, FAIL, ERROR, NOT_APPLICABLE and a suppressed
/// FAIL, and with text that needs escaping.
fn mixed_report() -> Report {
    let mut model = compliant_account();
    let mut risky = secret("agentsec/orbit/<script>alert(1)</script>&\"'", "key-orbit");
    risky.rotation_enabled = false;
    let mut accepted = secret("agentsec/orbit/legacy", "key-orbit");
    accepted.rotation_enabled = false;
    if let Collected::Value(secrets) = &mut model.regions[0].secrets.secrets {
        secrets.push(risky);
        secrets.push(accepted);
    }
    model.regions[0].ec2.flow_logs =
        Collected::failed("ec2:DescribeFlowLogs", "AccessDenied \u{1}");

    let mut options = AuditOptions::new("agentsec", date!(2026 - 06 - 02));
    options.suppressions = vec![
        Suppression {
            check_id: "secretsmanager-rotation-enabled".to_owned(),
            resource: "*:secret:agentsec/orbit/legacy-*".to_owned(),
            reason: "legacy secret, retired in Q3".to_owned(),
            expires: date!(2026 - 09 - 30),
        },
        Suppression {
            check_id: "iam-root-mfa".to_owned(),
            resource: "*".to_owned(),
            reason: "expired exception".to_owned(),
            expires: date!(2026 - 01 - 31),
        },
    ];
    run(&model, &options)
}

fn parse_json(text: &str) -> serde_json::Value {
    match serde_json::from_str(text) {
        Ok(value) => value,
        Err(error) => panic!("output is not JSON: {error}"),
    }
}

#[test]
fn mixed_report_has_every_kind_of_entry() {
    let report = mixed_report();
    let summary = report.summary();

    assert!(summary.count(Status::Fail) >= 2);
    assert!(summary.count(Status::Error) >= 1);
    assert_eq!(summary.suppressed, 1);
    assert_eq!(report.exit_code(), 2);
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.contains("expired on 2026-01-31")),
        "{:?}",
        report.warnings
    );
}

#[test]
fn json_has_the_documented_shape() {
    let report = mixed_report();
    let value = parse_json(&json::render(&report));

    let top: Vec<&String> = value
        .as_object()
        .map(|o| o.keys().collect())
        .unwrap_or_default();
    assert_eq!(top, ["findings", "schema_version", "summary"]);
    assert_eq!(value["schema_version"], 1);

    let findings = value["findings"].as_array().cloned().unwrap_or_default();
    assert_eq!(findings.len(), report.entries.len());
    for finding in &findings {
        let mut keys: Vec<&String> = finding
            .as_object()
            .map(|o| o.keys().collect())
            .unwrap_or_default();
        keys.sort();
        assert_eq!(
            keys,
            [
                "check_id",
                "message",
                "region",
                "remediation",
                "resource",
                "severity",
                "status",
                "title"
            ]
        );
    }
    assert_eq!(value["summary"]["exit_code"], 2);
    assert_eq!(
        value["summary"]["suppressed"][0]["reason"],
        "legacy secret, retired in Q3"
    );
    assert_eq!(
        value["summary"]["fail"].as_u64(),
        Some(report.summary().count(Status::Fail) as u64)
    );
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/sarif-schema-2.1.0.json"
    );
    let schema = parse_json(&std::fs::read_to_string(path).unwrap_or_default());
    let validator = match jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .should_validate_formats(true)
        .build(&schema)
    {
        Ok(validator) => validator,
        Err(error) => panic!("schema should compile: {error}"),
    };
    let log = parse_json(&sarif::render(&mixed_report()));

    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect();

    assert!(errors.is_empty(), "{}", errors.join("\n"));

    // The validator does reject a broken log.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = serde_json::json!("fatal");
    assert!(!validator.is_valid(&broken));
}

#[test]
fn sarif_has_one_result_per_non_pass_finding() {
    let report = mixed_report();
    let log = parse_json(&sarif::render(&report));
    let results = log["runs"][0]["results"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let non_pass = report
        .entries
        .iter()
        .filter(|e| e.finding.status != Status::Pass)
        .count();

    assert_eq!(results.len(), non_pass);
    assert!(
        results
            .iter()
            .any(|r| r["kind"] == "fail" && r["level"] == "warning")
    );
    assert!(
        results
            .iter()
            .any(|r| r["kind"] == "open" && r["level"] == "none")
    );
    assert!(
        results
            .iter()
            .any(|r| r["suppressions"][0]["status"] == "accepted")
    );

    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for result in &results {
        let index = result["ruleIndex"].as_u64().unwrap_or(u64::MAX) as usize;
        assert_eq!(
            rules.get(index).map(|rule| &rule["id"]),
            Some(&result["ruleId"])
        );
    }
}

/// Parses XML, returning each element name with its attributes.
fn xml_elements(text: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut reader = Reader::from_str(text);
    let mut elements = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(element)) | Ok(Event::Empty(element)) => {
                let name = element.name().into_inner().to_owned();
                let attributes = element
                    .attributes()
                    .map(|attribute| {
                        let attribute = match attribute {
                            Ok(attribute) => attribute,
                            Err(error) => panic!("invalid attribute: {error}"),
                        };
                        let key = attribute.key.into_inner().to_owned();
                        let value = match attribute.normalized_value(XmlVersion::Implicit1_0) {
                            Ok(value) => value.into_owned(),
                            Err(error) => panic!("invalid attribute value: {error}"),
                        };
                        (key, value)
                    })
                    .collect();
                elements.push((name, attributes));
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(error) => panic!("not well-formed at {}: {error}", reader.buffer_position()),
        }
    }
    elements
}

fn attribute<'a>(attributes: &'a [(String, String)], key: &str) -> Option<&'a str> {
    attributes
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

#[test]
fn junit_parses_and_counts() {
    let report = mixed_report();
    let elements = xml_elements(&junit::render(&report));
    let summary = report.summary();

    let root = &elements[0];
    assert_eq!(root.0, "testsuites");
    assert_eq!(
        attribute(&root.1, "tests"),
        Some(summary.total.to_string().as_str())
    );
    assert_eq!(
        attribute(&root.1, "errors"),
        Some(summary.count(Status::Error).to_string().as_str())
    );

    let cases = elements
        .iter()
        .filter(|(name, _)| name == "testcase")
        .count();
    let failures = elements
        .iter()
        .filter(|(name, _)| name == "failure")
        .count();
    let skipped = elements
        .iter()
        .filter(|(name, _)| name == "skipped")
        .count();
    assert_eq!(cases, summary.total);
    assert_eq!(failures, summary.count(Status::Fail) - summary.suppressed);
    assert_eq!(
        skipped,
        summary.count(Status::NotApplicable) + summary.count(Status::Manual) + summary.suppressed
    );
    assert!(elements.iter().any(|(name, attrs)| name == "testcase"
        && attribute(attrs, "name").is_some_and(|n| n.contains("<script>alert(1)</script>&\"'"))));
}

#[test]
fn html_is_self_contained_and_escaped() {
    let report = mixed_report();
    let page = html::render(&report);
    let body = page.trim_start_matches("<!DOCTYPE html>\n");

    let elements = xml_elements(body);

    assert!(
        elements
            .iter()
            .any(|(name, attrs)| name == "section" && attribute(attrs, "id") == Some("summary"))
    );
    assert!(elements.iter().any(|(name, _)| name == "svg"));
    assert!(
        !elements
            .iter()
            .any(|(name, _)| name == "script" || name == "link" || name == "img")
    );
    assert!(!page.contains("<script>alert"));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;"));
    let fail_count = format!("FAIL: {}", report.summary().count(Status::Fail));
    assert!(page.contains(&fail_count), "{fail_count}");
    assert!(
        !page.contains("http://") || page.matches("http://").count() == 2,
        "only the XHTML and SVG namespaces"
    );
}

#[test]
fn text_groups_by_check_with_summary() {
    let report = mixed_report();
    let rendered = text::render(&report);

    let headers = rendered
        .lines()
        .filter(|line| line.starts_with("secretsmanager-rotation-enabled "))
        .count();
    assert_eq!(headers, 1, "{rendered}");
    assert!(rendered.contains("(suppressed until 2026-09-30: legacy secret, retired in Q3)"));
    assert!(rendered.contains("Summary: "));
    assert!(rendered.contains("warning: suppression #2"));
}
