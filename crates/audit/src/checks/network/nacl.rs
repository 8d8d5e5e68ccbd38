//! Network ACL checks: remote administration ports open to the internet,
//! and deny entries that never apply.
//!
//! Network ACLs are evaluated per direction in ascending rule-number order,
//! and the first entry that matches a packet decides
//! (<https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html>).
//! IPv4 entries match only IPv4 traffic and IPv6 entries only IPv6 traffic,
//! so each family is evaluated on its own.
//!
//! "Open to the internet" asks what happens to a packet from an arbitrary
//! address. Only entries whose CIDR covers every address of the family can
//! decide for an arbitrary address, because an entry for a narrower block
//! does not match most senders. So the first `0.0.0.0/0` (or `::/0`) entry
//! covering TCP and the port decides; when none does, the implicit final
//! deny applies.
//!
//! A deny entry is shadowed when a lower-numbered allow entry of the same
//! direction and family covers all of its traffic: the allow's CIDR contains
//! the deny's, its protocol covers the deny's, and its port range covers the
//! deny's. The catch-all entry 32767, which AWS adds and nobody can remove,
//! is not reported.
//!
//! Limits: a deny covered only by the union of several allows is not
//! reported.

use super::cidr::{Cidr, Family, Ports, Protocol, TCP};
use super::security_groups::ADMIN_PORTS;
use super::{NACL_OPEN_ADMIN_PORTS, NACL_SHADOWED_DENY};
use crate::checks::Scope;
use crate::finding::{Finding, Status};
use crate::model::calls::ec2 as calls;
use crate::model::{Ec2Model, NetworkAcl, NetworkAclEntry, RuleAction};

/// The rule number of the catch-all deny entry that AWS adds.
const CATCH_ALL_RULE: i32 = 32767;

/// A parsed entry.
#[derive(Debug, Clone, Copy)]
struct Entry {
    number: i32,
    egress: bool,
    action: RuleAction,
    cidr: Cidr,
    protocol: Protocol,
    ports: Ports,
}

impl Entry {
    fn parse(entry: &NetworkAclEntry) -> Result<Self, String> {
        let cidr_text = entry
            .cidr_block
            .as_deref()
            .or(entry.ipv6_cidr_block.as_deref())
            .ok_or_else(|| format!("entry {} has no CIDR block", entry.rule_number))?;
        let protocol = Protocol::parse(&entry.protocol)?;
        let ports = match (protocol, entry.port_range) {
            (protocol, Some(range)) if protocol.has_ports() && protocol != Protocol::All => {
                Ports::from_api(Some(range.from), Some(range.to))
            }
            _ => Ports::ALL,
        };
        Ok(Self {
            number: entry.rule_number,
            egress: entry.egress,
            action: entry.rule_action,
            cidr: Cidr::parse(cidr_text)?,
            protocol,
            ports,
        })
    }

    fn covers(&self, other: &Self) -> bool {
        self.egress == other.egress
            && self.cidr.contains(&other.cidr)
            && other.protocol.within(self.protocol)
            && self.ports.covers(other.ports)
    }

    fn describe(&self) -> String {
        let action = match self.action {
            RuleAction::Allow => "allow",
            RuleAction::Deny => "deny",
        };
        let direction = if self.egress { "outbound" } else { "inbound" };
        format!("{direction} rule {} ({action})", self.number)
    }
}

/// Runs the network ACL checks of one region.
pub fn run(ec2: &Ec2Model, scope: &Scope<'_>) -> Vec<Finding> {
    let scope_text = format!("region {}", scope.region);
    let acls = match ec2.network_acls.require(calls::NETWORK_ACLS, &scope_text) {
        Ok(acls) => acls,
        Err(reason) => {
            return [&NACL_OPEN_ADMIN_PORTS, &NACL_SHADOWED_DENY]
                .into_iter()
                .map(|check| check.regional(Status::Error, scope, scope.account_arn(), &reason))
                .collect();
        }
    };
    if acls.is_empty() {
        return [&NACL_OPEN_ADMIN_PORTS, &NACL_SHADOWED_DENY]
            .into_iter()
            .map(|check| {
                check.regional(
                    Status::NotApplicable,
                    scope,
                    scope.account_arn(),
                    format!("region {} has no network ACLs", scope.region),
                )
            })
            .collect();
    }

    let mut findings = Vec::with_capacity(acls.len() * 2);
    for acl in acls {
        let resource = scope.arn("ec2", &format!("network-acl/{}", acl.network_acl_id));
        let label = format!("network ACL {} of {}", acl.network_acl_id, acl.vpc_id);
        match parse_entries(acl) {
            Err(reason) => {
                for check in [&NACL_OPEN_ADMIN_PORTS, &NACL_SHADOWED_DENY] {
                    findings.push(check.regional(
                        Status::Error,
                        scope,
                        &resource,
                        format!("{label}: {reason}"),
                    ));
                }
            }
            Ok(entries) => {
                findings.push(open_admin_ports(&entries, &label, &resource, scope));
                findings.push(shadowed_denies(&entries, &label, &resource, scope));
            }
        }
    }
    findings
}

/// Parses the entries and sorts them by rule number.
fn parse_entries(acl: &NetworkAcl) -> Result<Vec<Entry>, String> {
    let mut entries = acl
        .entries
        .iter()
        .map(Entry::parse)
        .collect::<Result<Vec<_>, _>>()?;
    entries.sort_by_key(|entry| (entry.egress, entry.number));
    Ok(entries)
}

/// Returns the entry that decides an inbound TCP packet from an arbitrary
/// address of `family` to `port`, or `None` for the implicit deny.
fn deciding_entry(entries: &[Entry], family: Family, port: u16) -> Option<&Entry> {
    entries.iter().find(|entry| {
        !entry.egress
            && entry.cidr.family == family
            && entry.cidr.is_any()
            && entry.protocol.covers(TCP)
            && entry.ports.contains(port)
    })
}

fn open_admin_ports(entries: &[Entry], label: &str, resource: &str, scope: &Scope<'_>) -> Finding {
    let mut open = Vec::new();
    for family in [Family::V4, Family::V6] {
        for (port, name) in ADMIN_PORTS {
            if let Some(entry) = deciding_entry(entries, family, *port)
                && entry.action == RuleAction::Allow
            {
                open.push(format!(
                    "{} TCP {port} ({name}) is allowed by {}",
                    family.name(),
                    entry.describe()
                ));
            }
        }
    }

    if open.is_empty() {
        NACL_OPEN_ADMIN_PORTS.regional(
            Status::Pass,
            scope,
            resource,
            format!("{label} denies TCP 22 and 3389 from 0.0.0.0/0 and ::/0"),
        )
    } else {
        NACL_OPEN_ADMIN_PORTS.regional(
            Status::Fail,
            scope,
            resource,
            format!("{label}: {}", open.join("; ")),
        )
    }
}

fn shadowed_denies(entries: &[Entry], label: &str, resource: &str, scope: &Scope<'_>) -> Finding {
    let mut shadowed = Vec::new();
    for deny in entries
        .iter()
        .filter(|entry| entry.action == RuleAction::Deny && entry.number != CATCH_ALL_RULE)
    {
        let shadow = entries.iter().find(|allow| {
            allow.action == RuleAction::Allow && allow.number < deny.number && allow.covers(deny)
        });
        if let Some(allow) = shadow {
            shadowed.push(format!(
                "{} never applies because {} matches the same traffic first",
                deny.describe(),
                allow.describe()
            ));
        }
    }

    if shadowed.is_empty() {
        NACL_SHADOWED_DENY.regional(
            Status::Pass,
            scope,
            resource,
            format!("{label} has no deny entry shadowed by an earlier allow"),
        )
    } else {
        NACL_SHADOWED_DENY.regional(
            Status::Fail,
            scope,
            resource,
            format!("{label}: {}", shadowed.join("; ")),
        )
    }
}
