//! Security group checks: ingress open to the internet, and rules in the
//! default security group.
//!
//! A rule source is "the internet" when it is an IPv4 or IPv6 CIDR block
//! with prefix length 0 (`0.0.0.0/0`, `::/0`), or a managed prefix list with
//! such an entry. Each address family is judged on its own, so an IPv6-only
//! rule is caught. Referenced security groups are internal and never count.
//! A prefix list the model lacks makes the group's findings ERROR, because
//! it may contain `0.0.0.0/0`.
//!
//! The four ingress checks split the exposure:
//!
//! - all traffic: a rule for protocol `-1`;
//! - remote administration: a rule covering TCP 22 or 3389;
//! - databases: a rule covering one of [`DATABASE_PORTS`] over TCP;
//! - any port: a rule for one protocol other than ICMP, whatever its ports.
//!
//! One rule can fail several of them (TCP 0-65535 covers SSH and MySQL).
//!
//! Limits: a set of narrower blocks that together cover the internet (for
//! example `0.0.0.0/1` plus `128.0.0.0/1`) is not recognized.

use super::cidr::{Cidr, Family, Ports, Protocol, TCP};
use super::{
    DEFAULT_SG_NO_RULES, SG_OPEN_ADMIN_PORTS, SG_OPEN_ALL_TRAFFIC, SG_OPEN_ANY_PORT,
    SG_OPEN_DATABASE_PORTS,
};
use crate::checks::{Check, Scope};
use crate::finding::{Finding, Status};
use crate::model::calls::ec2 as calls;
use crate::model::{Ec2Model, PrefixList, SecurityGroup, SecurityGroupRule};

/// Remote administration ports: SSH and RDP.
pub const ADMIN_PORTS: &[(u16, &str)] = &[(22, "SSH"), (3389, "RDP")];

/// Database and search engine ports.
pub const DATABASE_PORTS: &[(u16, &str)] = &[
    (1433, "SQL Server"),
    (1434, "SQL Server browser"),
    (1521, "Oracle"),
    (2483, "Oracle"),
    (2484, "Oracle TLS"),
    (3306, "MySQL"),
    (5432, "PostgreSQL"),
    (5601, "Kibana"),
    (6379, "Redis"),
    (9042, "Cassandra"),
    (9200, "Elasticsearch"),
    (9300, "Elasticsearch transport"),
    (11211, "Memcached"),
    (27017, "MongoDB"),
    (27018, "MongoDB"),
];

/// One way an ingress rule admits the internet.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Exposure {
    family: Family,
    protocol: Protocol,
    ports: Ports,
    source: String,
}

impl Exposure {
    fn describe(&self) -> String {
        let traffic = match self.protocol {
            Protocol::All => "all traffic".to_owned(),
            protocol if protocol.has_ports() => {
                format!("{} {}", protocol.name(), self.ports.describe())
            }
            protocol => protocol.name(),
        };
        format!(
            "{} source {} admits {traffic}",
            self.family.name(),
            self.source
        )
    }
}

/// Runs the security group checks of one region.
pub fn run(ec2: &Ec2Model, scope: &Scope<'_>) -> Vec<Finding> {
    let ingress_checks = [
        &SG_OPEN_ALL_TRAFFIC,
        &SG_OPEN_ANY_PORT,
        &SG_OPEN_ADMIN_PORTS,
        &SG_OPEN_DATABASE_PORTS,
    ];
    let scope_text = format!("region {}", scope.region);

    let groups = match ec2
        .security_groups
        .require(calls::SECURITY_GROUPS, &scope_text)
    {
        Ok(groups) => groups,
        Err(reason) => {
            let mut all = ingress_checks.to_vec();
            all.push(&DEFAULT_SG_NO_RULES);
            return all
                .into_iter()
                .map(|check| check.regional(Status::Error, scope, scope.account_arn(), &reason))
                .collect();
        }
    };
    if groups.is_empty() {
        let mut all = ingress_checks.to_vec();
        all.push(&DEFAULT_SG_NO_RULES);
        return all
            .into_iter()
            .map(|check| {
                check.regional(
                    Status::NotApplicable,
                    scope,
                    scope.account_arn(),
                    format!("region {} has no security groups", scope.region),
                )
            })
            .collect();
    }

    let prefix_lists = ec2
        .prefix_lists
        .require(calls::PREFIX_LISTS, &scope_text)
        .map(Vec::as_slice);

    let mut findings = Vec::with_capacity(groups.len() * 5);
    for group in groups {
        let resource = group_arn(group, scope);
        let label = group_label(group);
        match group_exposures(group, prefix_lists.as_deref().map_err(String::as_str)) {
            Err(reason) => {
                for check in ingress_checks {
                    findings.push(check.regional(
                        Status::Error,
                        scope,
                        &resource,
                        format!("{label}: {reason}"),
                    ));
                }
            }
            Ok(exposures) => {
                for check in ingress_checks {
                    findings.push(judge(check, &exposures, &label, &resource, scope));
                }
            }
        }
        if group.is_default() {
            findings.push(default_group(group, &label, &resource, scope));
        }
    }
    findings
}

fn group_arn(group: &SecurityGroup, scope: &Scope<'_>) -> String {
    group
        .arn
        .clone()
        .unwrap_or_else(|| scope.arn("ec2", &format!("security-group/{}", group.group_id)))
}

fn group_label(group: &SecurityGroup) -> String {
    format!("security group {} ({})", group.group_id, group.group_name)
}

/// Lists the internet exposures of every ingress rule of a group.
fn group_exposures(
    group: &SecurityGroup,
    prefix_lists: Result<&[PrefixList], &str>,
) -> Result<Vec<Exposure>, String> {
    let mut exposures = Vec::new();
    for rule in &group.ingress {
        rule_exposures(rule, prefix_lists, &mut exposures)?;
    }
    Ok(exposures)
}

fn rule_exposures(
    rule: &SecurityGroupRule,
    prefix_lists: Result<&[PrefixList], &str>,
    out: &mut Vec<Exposure>,
) -> Result<(), String> {
    let protocol = Protocol::parse(&rule.ip_protocol)?;
    let ports = match protocol {
        Protocol::All => Ports::ALL,
        _ => Ports::from_api(rule.from_port, rule.to_port),
    };
    let mut push = |family: Family, source: String| {
        out.push(Exposure {
            family,
            protocol,
            ports,
            source,
        });
    };

    for text in rule.ipv4_ranges.iter().chain(&rule.ipv6_ranges) {
        let cidr = Cidr::parse(text)?;
        if cidr.is_any() {
            push(cidr.family, text.clone());
        }
    }

    for id in &rule.prefix_list_ids {
        let lists = prefix_lists.map_err(|reason| {
            format!("the rule references prefix list {id}, and prefix lists are unknown: {reason}")
        })?;
        let Some(list) = lists.iter().find(|list| &list.prefix_list_id == id) else {
            return Err(format!(
                "the rule references prefix list {id}, which is not in the model; collect {}",
                calls::PREFIX_LISTS
            ));
        };
        for entry in &list.entries {
            let cidr = Cidr::parse(entry)?;
            if cidr.is_any() {
                push(cidr.family, format!("prefix list {id} (contains {entry})"));
            }
        }
    }
    Ok(())
}

/// Returns the exposures that fail `check`, each described.
fn offending(check: &Check, exposures: &[Exposure]) -> Vec<String> {
    let covers_port = |exposure: &Exposure, ports: &[(u16, &str)]| -> Vec<String> {
        if !exposure.protocol.covers(TCP) {
            return Vec::new();
        }
        ports
            .iter()
            .filter(|(port, _)| exposure.ports.contains(*port))
            .map(|(port, name)| format!("{} (TCP {port}, {name})", exposure.describe()))
            .collect()
    };

    exposures
        .iter()
        .flat_map(|exposure| {
            if check.id == SG_OPEN_ALL_TRAFFIC.id {
                if exposure.protocol == Protocol::All {
                    vec![exposure.describe()]
                } else {
                    Vec::new()
                }
            } else if check.id == SG_OPEN_ADMIN_PORTS.id {
                covers_port(exposure, ADMIN_PORTS)
            } else if check.id == SG_OPEN_DATABASE_PORTS.id {
                covers_port(exposure, DATABASE_PORTS)
            } else {
                match exposure.protocol {
                    Protocol::Number(1 | 58) | Protocol::All => Vec::new(),
                    Protocol::Number(_) => vec![exposure.describe()],
                }
            }
        })
        .collect()
}

fn judge(
    check: &Check,
    exposures: &[Exposure],
    label: &str,
    resource: &str,
    scope: &Scope<'_>,
) -> Finding {
    let offending = offending(check, exposures);
    if offending.is_empty() {
        check.regional(
            Status::Pass,
            scope,
            resource,
            format!("{label} has no such ingress from 0.0.0.0/0 or ::/0"),
        )
    } else {
        check.regional(
            Status::Fail,
            scope,
            resource,
            format!("{label}: {}", offending.join("; ")),
        )
    }
}

fn default_group(group: &SecurityGroup, label: &str, resource: &str, scope: &Scope<'_>) -> Finding {
    let vpc = group.vpc_id.as_deref().unwrap_or("no VPC");
    if group.ingress.is_empty() && group.egress.is_empty() {
        DEFAULT_SG_NO_RULES.regional(
            Status::Pass,
            scope,
            resource,
            format!("default {label} of {vpc} has no rules"),
        )
    } else {
        DEFAULT_SG_NO_RULES.regional(
            Status::Fail,
            scope,
            resource,
            format!(
                "default {label} of {vpc} has {} inbound and {} outbound rule(s)",
                group.ingress.len(),
                group.egress.len()
            ),
        )
    }
}
