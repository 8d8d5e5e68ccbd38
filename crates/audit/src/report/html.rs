//! The HTML report: one self-contained page with no external assets, a
//! summary with an inline SVG bar chart of the statuses, and a table of the
//! findings grouped by check. Every text from the model is HTML-escaped.
//!
//! The page is also well-formed XML (XHTML syntax), so tools can parse it.

use std::fmt::Write;

use super::xml::escape;
use super::{Report, severity_name, status_name};
use crate::finding::Status;

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2em;color:#222}\
table{border-collapse:collapse;width:100%}\
td,th{border:1px solid #ccc;padding:4px 6px;text-align:left;vertical-align:top;font-size:0.9em}\
th{background:#f2f2f2}\
.PASS{color:#1a7f37}.FAIL{color:#cf222e;font-weight:bold}.ERROR{color:#9a6700;font-weight:bold}\
.NOT_APPLICABLE,.MANUAL{color:#6e7781}\
.resource{font-family:monospace;word-break:break-all}";

const BARS: [(Status, &str); 5] = [
    (Status::Pass, "#1a7f37"),
    (Status::Fail, "#cf222e"),
    (Status::Error, "#9a6700"),
    (Status::Manual, "#8250df"),
    (Status::NotApplicable, "#6e7781"),
];

/// Renders the report as an HTML page.
pub fn render(report: &Report) -> String {
    let summary = report.summary();
    let mut out = String::new();
    let title = format!("agentsec audit of account {}", report.account_id);

    out.push_str(
        "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n",
    );
    out.push_str("<meta charset=\"utf-8\"/>\n");
    let _ = writeln!(out, "<title>{}</title>", escape(&title));
    let _ = writeln!(out, "<style>{STYLE}</style>\n</head>\n<body>");
    let _ = writeln!(out, "<h1>{}</h1>", escape(&title));

    // Summary with the chart.
    out.push_str("<section id=\"summary\">\n<h2>Summary</h2>\n");
    let _ = writeln!(
        out,
        "<p>{} findings, {} suppressed; exit code <strong id=\"exit-code\">{}</strong> (fail on {}).</p>",
        summary.total,
        summary.suppressed,
        summary.exit_code,
        severity_name(report.fail_on)
    );
    out.push_str(&chart(report));
    out.push_str("<ul>\n");
    for (status, _) in BARS {
        let _ = writeln!(
            out,
            "<li class=\"{0}\" data-status=\"{0}\">{0}: {1}</li>",
            status_name(status),
            summary.count(status)
        );
    }
    out.push_str("</ul>\n");
    if !report.warnings.is_empty() {
        out.push_str("<h3>Warnings</h3>\n<ul id=\"warnings\">\n");
        for warning in &report.warnings {
            let _ = writeln!(out, "<li>{}</li>", escape(warning));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");

    // Findings.
    out.push_str("<section id=\"findings\">\n<h2>Findings</h2>\n<table>\n");
    out.push_str("<tr><th>Check</th><th>Severity</th><th>Status</th><th>Region</th><th>Resource</th><th>Message</th><th>Remediation</th></tr>\n");
    for entry in &report.entries {
        let f = &entry.finding;
        let status = status_name(f.status);
        let suppressed = match &entry.suppression {
            Some(s) => format!(" (suppressed until {}: {})", s.expires, escape(&s.reason)),
            None => String::new(),
        };
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td class=\"{status}\">{status}{suppressed}</td><td>{}</td><td class=\"resource\">{}</td><td>{}</td><td>{}</td></tr>",
            escape(&f.check_id),
            severity_name(f.severity),
            escape(f.region.as_deref().unwrap_or("global")),
            escape(&f.resource),
            escape(&f.message),
            escape(&f.remediation)
        );
    }
    out.push_str("</table>\n</section>\n</body>\n</html>\n");
    out
}

/// Draws one horizontal bar per status, scaled to the largest count.
fn chart(report: &Report) -> String {
    let summary = report.summary();
    let largest = BARS
        .iter()
        .map(|(status, _)| summary.count(*status))
        .max()
        .unwrap_or(0)
        .max(1);
    let row_height = 24;
    let height = row_height * BARS.len() + 8;

    let mut svg = String::new();
    let _ = writeln!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"520\" height=\"{height}\" role=\"img\" aria-label=\"findings per status\">"
    );
    for (row, (status, color)) in BARS.iter().enumerate() {
        let count = summary.count(*status);
        let width = count * 300 / largest;
        let y = row * row_height + 4;
        let _ = writeln!(
            svg,
            "<text x=\"0\" y=\"{}\" font-size=\"12\">{}</text><rect x=\"120\" y=\"{y}\" width=\"{width}\" height=\"18\" fill=\"{color}\"/><text x=\"{}\" y=\"{}\" font-size=\"12\">{count}</text>",
            y + 14,
            status_name(*status),
            126 + width,
            y + 14
        );
    }
    svg.push_str("</svg>\n");
    svg
}
