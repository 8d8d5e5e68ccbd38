//! VPC checks: flow logs per VPC, and no internet gateway route from
//! subnets marked private.
//!
//! A subnet is marked private when its `Tier` or `tier` tag is `private`
//! (any letter case) or its `Name` tag contains `private`. Its route table
//! is the one explicitly associated with it, or else the main route table
//! of its VPC ("Subnet route tables",
//! <https://docs.aws.amazon.com/vpc/latest/userguide/subnet-route-tables.html>).
//! A route whose gateway id starts with `igw-` goes to an internet gateway;
//! egress-only internet gateways (`eigw-`) admit no inbound connections and
//! do not count.

use super::{PRIVATE_SUBNET_NO_IGW, VPC_FLOW_LOGS};
use crate::checks::Scope;
use crate::finding::{Finding, Status};
use crate::model::calls::ec2 as calls;
use crate::model::{Ec2Model, RouteTable, Subnet};

/// Runs the flow log check of one region.
pub fn flow_logs(ec2: &Ec2Model, scope: &Scope<'_>) -> Vec<Finding> {
    let scope_text = format!("region {}", scope.region);
    let (vpcs, logs) = match (
        ec2.vpcs.require(calls::VPCS, &scope_text),
        ec2.flow_logs.require(calls::FLOW_LOGS, &scope_text),
    ) {
        (Ok(vpcs), Ok(logs)) => (vpcs, logs),
        (Err(reason), _) | (_, Err(reason)) => {
            return vec![VPC_FLOW_LOGS.regional(Status::Error, scope, scope.account_arn(), reason)];
        }
    };
    if vpcs.is_empty() {
        return vec![VPC_FLOW_LOGS.regional(
            Status::NotApplicable,
            scope,
            scope.account_arn(),
            format!("region {} has no VPCs", scope.region),
        )];
    }

    vpcs.iter()
        .map(|vpc| {
            let resource = scope.arn("ec2", &format!("vpc/{}", vpc.vpc_id));
            let active: Vec<&str> = logs
                .iter()
                .filter(|log| log.resource_id == vpc.vpc_id)
                .filter(|log| log.flow_log_status.as_deref().is_none_or(|s| s == "ACTIVE"))
                .map(|log| log.flow_log_id.as_str())
                .collect();
            if active.is_empty() {
                VPC_FLOW_LOGS.regional(
                    Status::Fail,
                    scope,
                    resource,
                    format!("VPC {} has no active flow log", vpc.vpc_id),
                )
            } else {
                VPC_FLOW_LOGS.regional(
                    Status::Pass,
                    scope,
                    resource,
                    format!("VPC {} has flow log(s) {}", vpc.vpc_id, active.join(", ")),
                )
            }
        })
        .collect()
}

/// Returns whether the subnet's tags mark it private.
pub fn is_marked_private(subnet: &Subnet) -> bool {
    let tier = ["Tier", "tier"]
        .iter()
        .filter_map(|key| subnet.tags.get(*key))
        .any(|value| value.eq_ignore_ascii_case("private"));
    let named = subnet
        .name()
        .is_some_and(|name| name.to_ascii_lowercase().contains("private"));
    tier || named
}

/// Returns the route table that applies to the subnet.
fn route_table_of<'a>(subnet: &Subnet, tables: &'a [RouteTable]) -> Option<&'a RouteTable> {
    let explicit = tables.iter().find(|table| {
        table
            .associations
            .iter()
            .any(|association| association.subnet_id.as_deref() == Some(&subnet.subnet_id))
    });
    explicit.or_else(|| {
        tables
            .iter()
            .find(|table| table.vpc_id == subnet.vpc_id && table.is_main())
    })
}

/// Runs the private subnet check of one region.
pub fn private_subnets(ec2: &Ec2Model, scope: &Scope<'_>) -> Vec<Finding> {
    let scope_text = format!("region {}", scope.region);
    let (subnets, tables) = match (
        ec2.subnets.require(calls::SUBNETS, &scope_text),
        ec2.route_tables.require(calls::ROUTE_TABLES, &scope_text),
    ) {
        (Ok(subnets), Ok(tables)) => (subnets, tables),
        (Err(reason), _) | (_, Err(reason)) => {
            return vec![PRIVATE_SUBNET_NO_IGW.regional(
                Status::Error,
                scope,
                scope.account_arn(),
                reason,
            )];
        }
    };

    let private: Vec<&Subnet> = subnets.iter().filter(|s| is_marked_private(s)).collect();
    if private.is_empty() {
        return vec![PRIVATE_SUBNET_NO_IGW.regional(
            Status::NotApplicable,
            scope,
            scope.account_arn(),
            format!(
                "region {} has no subnet tagged Tier=private or named private",
                scope.region
            ),
        )];
    }

    private
        .into_iter()
        .map(|subnet| {
            let resource = subnet
                .arn
                .clone()
                .unwrap_or_else(|| scope.arn("ec2", &format!("subnet/{}", subnet.subnet_id)));
            let label = match subnet.name() {
                Some(name) => format!("private subnet {} ({name})", subnet.subnet_id),
                None => format!("private subnet {}", subnet.subnet_id),
            };
            let Some(table) = route_table_of(subnet, tables) else {
                return PRIVATE_SUBNET_NO_IGW.regional(
                    Status::Error,
                    scope,
                    resource,
                    format!(
                        "{label}: no associated route table and no main route table of {} in the model",
                        subnet.vpc_id
                    ),
                );
            };
            let igw_routes: Vec<String> = table
                .routes
                .iter()
                .filter(|route| route.state.as_deref() != Some("blackhole"))
                .filter_map(|route| {
                    let gateway = route.gateway_id.as_deref()?;
                    gateway.starts_with("igw-").then(|| {
                        let destination = route
                            .destination_cidr_block
                            .as_deref()
                            .or(route.destination_ipv6_cidr_block.as_deref())
                            .or(route.destination_prefix_list_id.as_deref())
                            .unwrap_or("an unknown destination");
                        format!("{destination} via {gateway}")
                    })
                })
                .collect();
            if igw_routes.is_empty() {
                PRIVATE_SUBNET_NO_IGW.regional(
                    Status::Pass,
                    scope,
                    resource,
                    format!("{label}: route table {} has no internet gateway route", table.route_table_id),
                )
            } else {
                PRIVATE_SUBNET_NO_IGW.regional(
                    Status::Fail,
                    scope,
                    resource,
                    format!(
                        "{label}: route table {} routes {}",
                        table.route_table_id,
                        igw_routes.join(", ")
                    ),
                )
            }
        })
        .collect()
}
