//! Benchmark of a full audit run on a generated account model of 10,000
//! customer managed policies, 5,000 security groups and 2,000 roles
//! ([`agentsec_audit::testing::synthetic_account`]), in one region, with
//! every check selected.
//!
//! Run with `cargo bench -p agentsec-audit --bench audit`.

use std::hint::black_box;

use agentsec_audit::testing::synthetic_account;
use agentsec_audit::{AuditOptions, run};
use criterion::{Criterion, criterion_group, criterion_main};
use time::macros::date;

fn full_audit(c: &mut Criterion) {
    let model = synthetic_account(10_000, 5_000, 2_000);
    let options = AuditOptions::new("agentsec", date!(2026 - 06 - 02));

    let mut group = c.benchmark_group("audit");
    group.sample_size(10);
    group.bench_function("10k_policies_5k_security_groups_2k_roles", |b| {
        b.iter(|| run(black_box(&model), black_box(&options)));
    });
    group.finish();
}

criterion_group!(benches, full_audit);
criterion_main!(benches);
