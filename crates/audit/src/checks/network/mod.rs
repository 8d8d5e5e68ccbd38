//! Network checks over the EC2 and VPC part of each region: security
//! groups ([`security_groups`]), network ACLs ([`nacl`]), flow logs and
//! private subnet routes ([`vpc`]).
//!
//! Each check reports ERROR naming the `ec2:Describe*` call and the region
//! when its input is missing, and NOT_APPLICABLE only when the region has
//! none of the resources it judges.

pub mod cidr;
mod descriptors;
pub mod nacl;
pub mod security_groups;
pub mod vpc;

pub use descriptors::*;

use crate::checks::Scope;
use crate::finding::Finding;
use crate::model::Ec2Model;

/// Runs every network check on one region.
pub fn run(ec2: &Ec2Model, scope: &Scope<'_>) -> Vec<Finding> {
    let mut findings = security_groups::run(ec2, scope);
    findings.extend(nacl::run(ec2, scope));
    findings.extend(vpc::flow_logs(ec2, scope));
    findings.extend(vpc::private_subnets(ec2, scope));
    findings
}

#[cfg(test)]
mod tests;
