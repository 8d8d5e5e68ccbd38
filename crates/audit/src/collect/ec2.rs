//! EC2 and VPC collection: one paginated `Describe*` call per list, and
//! `GetManagedPrefixListEntries` per managed prefix list.

use std::collections::BTreeMap;

use aws_sdk_ec2::Client;
use aws_sdk_ec2::types::{self as sdk, Tag};
use futures_util::future::join_all;

use super::{CallContext, CallFailure, collected, for_each_page};
use crate::model::{
    Ec2Model, FlowLog, InternetGateway, NetworkAcl, NetworkAclEntry, PortRange, PrefixList, Route,
    RouteTable, RouteTableAssociation, RuleAction, SecurityGroup, SecurityGroupRule, Subnet, Vpc,
    calls,
};

const DESCRIBE_PREFIX_LISTS: &str = "ec2:DescribeManagedPrefixLists";

/// Collects the EC2 part of one region.
pub(super) async fn collect(context: &CallContext, client: &Client) -> Ec2Model {
    let (vpcs, subnets, route_tables, internet_gateways, security_groups) = tokio::join!(
        vpcs(context, client),
        subnets(context, client),
        route_tables(context, client),
        internet_gateways(context, client),
        security_groups(context, client),
    );
    let (prefix_lists, network_acls, flow_logs) = tokio::join!(
        prefix_lists(context, client),
        network_acls(context, client),
        flow_logs(context, client),
    );
    Ec2Model {
        vpcs: collected(vpcs),
        subnets: collected(subnets),
        route_tables: collected(route_tables),
        internet_gateways: collected(internet_gateways),
        security_groups: collected(security_groups),
        prefix_lists: collected(prefix_lists),
        network_acls: collected(network_acls),
        flow_logs: collected(flow_logs),
    }
}

fn text(value: Option<&str>) -> String {
    value.unwrap_or_default().to_owned()
}

fn owned(value: Option<&str>) -> Option<String> {
    value.map(str::to_owned)
}

fn tags(tags: &[Tag]) -> BTreeMap<String, String> {
    tags.iter()
        .filter_map(|tag| Some((tag.key()?.to_owned(), text(tag.value()))))
        .collect()
}

async fn vpcs(context: &CallContext, client: &Client) -> Result<Vec<Vpc>, CallFailure> {
    let mut vpcs = Vec::new();
    for_each_page!(
        context,
        calls::ec2::VPCS,
        client.describe_vpcs().into_paginator(),
        |page| {
            vpcs.extend(page.vpcs().iter().map(|vpc| Vpc {
                vpc_id: text(vpc.vpc_id()),
                cidr_block: owned(vpc.cidr_block()),
                is_default: vpc.is_default().unwrap_or(false),
                tags: tags(vpc.tags()),
            }));
        }
    )?;
    Ok(vpcs)
}

async fn subnets(context: &CallContext, client: &Client) -> Result<Vec<Subnet>, CallFailure> {
    let mut subnets = Vec::new();
    for_each_page!(
        context,
        calls::ec2::SUBNETS,
        client.describe_subnets().into_paginator(),
        |page| {
            subnets.extend(page.subnets().iter().map(|subnet| Subnet {
                subnet_id: text(subnet.subnet_id()),
                vpc_id: text(subnet.vpc_id()),
                arn: owned(subnet.subnet_arn()),
                cidr_block: owned(subnet.cidr_block()),
                map_public_ip_on_launch: subnet.map_public_ip_on_launch().unwrap_or(false),
                tags: tags(subnet.tags()),
            }));
        }
    )?;
    Ok(subnets)
}

async fn route_tables(
    context: &CallContext,
    client: &Client,
) -> Result<Vec<RouteTable>, CallFailure> {
    let mut tables = Vec::new();
    for_each_page!(
        context,
        calls::ec2::ROUTE_TABLES,
        client.describe_route_tables().into_paginator(),
        |page| {
            tables.extend(page.route_tables().iter().map(convert_route_table));
        }
    )?;
    Ok(tables)
}

fn convert_route_table(table: &sdk::RouteTable) -> RouteTable {
    RouteTable {
        route_table_id: text(table.route_table_id()),
        vpc_id: text(table.vpc_id()),
        routes: table
            .routes()
            .iter()
            .map(|route| Route {
                destination_cidr_block: owned(route.destination_cidr_block()),
                destination_ipv6_cidr_block: owned(route.destination_ipv6_cidr_block()),
                destination_prefix_list_id: owned(route.destination_prefix_list_id()),
                gateway_id: owned(route.gateway_id()),
                nat_gateway_id: owned(route.nat_gateway_id()),
                state: route.state().map(|state| state.as_str().to_owned()),
            })
            .collect(),
        associations: table
            .associations()
            .iter()
            .map(|association| RouteTableAssociation {
                main: association.main().unwrap_or(false),
                subnet_id: owned(association.subnet_id()),
                gateway_id: owned(association.gateway_id()),
            })
            .collect(),
    }
}

async fn internet_gateways(
    context: &CallContext,
    client: &Client,
) -> Result<Vec<InternetGateway>, CallFailure> {
    let mut gateways = Vec::new();
    for_each_page!(
        context,
        calls::ec2::INTERNET_GATEWAYS,
        client.describe_internet_gateways().into_paginator(),
        |page| {
            gateways.extend(
                page.internet_gateways()
                    .iter()
                    .map(|gateway| InternetGateway {
                        internet_gateway_id: text(gateway.internet_gateway_id()),
                        attached_vpc_ids: gateway
                            .attachments()
                            .iter()
                            .filter_map(|attachment| owned(attachment.vpc_id()))
                            .collect(),
                    }),
            );
        }
    )?;
    Ok(gateways)
}

async fn security_groups(
    context: &CallContext,
    client: &Client,
) -> Result<Vec<SecurityGroup>, CallFailure> {
    let mut groups = Vec::new();
    for_each_page!(
        context,
        calls::ec2::SECURITY_GROUPS,
        client.describe_security_groups().into_paginator(),
        |page| {
            groups.extend(page.security_groups().iter().map(|group| SecurityGroup {
                group_id: text(group.group_id()),
                group_name: text(group.group_name()),
                vpc_id: owned(group.vpc_id()),
                arn: owned(group.security_group_arn()),
                ingress: group.ip_permissions().iter().map(convert_rule).collect(),
                egress: group
                    .ip_permissions_egress()
                    .iter()
                    .map(convert_rule)
                    .collect(),
            }));
        }
    )?;
    Ok(groups)
}

fn convert_rule(permission: &sdk::IpPermission) -> SecurityGroupRule {
    SecurityGroupRule {
        ip_protocol: text(permission.ip_protocol()),
        from_port: permission.from_port(),
        to_port: permission.to_port(),
        ipv4_ranges: permission
            .ip_ranges()
            .iter()
            .filter_map(|range| owned(range.cidr_ip()))
            .collect(),
        ipv6_ranges: permission
            .ipv6_ranges()
            .iter()
            .filter_map(|range| owned(range.cidr_ipv6()))
            .collect(),
        prefix_list_ids: permission
            .prefix_list_ids()
            .iter()
            .filter_map(|list| owned(list.prefix_list_id()))
            .collect(),
        referenced_group_ids: permission
            .user_id_group_pairs()
            .iter()
            .filter_map(|pair| owned(pair.group_id()))
            .collect(),
    }
}

/// Lists the managed prefix lists, then reads the entries of each. A list
/// whose entries cannot be read makes the whole part Failed, because a
/// security group rule that names it cannot be judged.
async fn prefix_lists(
    context: &CallContext,
    client: &Client,
) -> Result<Vec<PrefixList>, CallFailure> {
    let mut lists = Vec::new();
    for_each_page!(
        context,
        DESCRIBE_PREFIX_LISTS,
        client.describe_managed_prefix_lists().into_paginator(),
        |page| {
            lists.extend(page.prefix_lists().iter().map(|list| PrefixList {
                prefix_list_id: text(list.prefix_list_id()),
                name: owned(list.prefix_list_name()),
                address_family: owned(list.address_family()),
                entries: Vec::new(),
            }));
        }
    )?;

    let entries = join_all(
        lists
            .iter()
            .map(|list| prefix_list_entries(context, client, &list.prefix_list_id)),
    )
    .await;
    for (list, entries) in lists.iter_mut().zip(entries) {
        list.entries = entries?;
    }
    Ok(lists)
}

async fn prefix_list_entries(
    context: &CallContext,
    client: &Client,
    prefix_list_id: &str,
) -> Result<Vec<String>, CallFailure> {
    let mut entries = Vec::new();
    for_each_page!(
        context,
        calls::ec2::PREFIX_LISTS,
        client
            .get_managed_prefix_list_entries()
            .prefix_list_id(prefix_list_id)
            .into_paginator(),
        |page| {
            entries.extend(
                page.entries()
                    .iter()
                    .filter_map(|entry| owned(entry.cidr())),
            );
        }
    )?;
    Ok(entries)
}

async fn network_acls(
    context: &CallContext,
    client: &Client,
) -> Result<Vec<NetworkAcl>, CallFailure> {
    let mut acls = Vec::new();
    for_each_page!(
        context,
        calls::ec2::NETWORK_ACLS,
        client.describe_network_acls().into_paginator(),
        |page| {
            acls.extend(page.network_acls().iter().map(|acl| NetworkAcl {
                network_acl_id: text(acl.network_acl_id()),
                vpc_id: text(acl.vpc_id()),
                is_default: acl.is_default().unwrap_or(false),
                subnet_ids: acl
                    .associations()
                    .iter()
                    .filter_map(|association| owned(association.subnet_id()))
                    .collect(),
                entries: acl.entries().iter().map(convert_acl_entry).collect(),
            }));
        }
    )?;
    Ok(acls)
}

fn convert_acl_entry(entry: &sdk::NetworkAclEntry) -> NetworkAclEntry {
    NetworkAclEntry {
        rule_number: entry.rule_number().unwrap_or(i32::MAX),
        egress: entry.egress().unwrap_or(false),
        protocol: entry.protocol().unwrap_or("-1").to_owned(),
        // An action the SDK does not know is read as allow, which fails
        // closed for the open-port checks.
        rule_action: match entry.rule_action() {
            Some(sdk::RuleAction::Deny) => RuleAction::Deny,
            _ => RuleAction::Allow,
        },
        cidr_block: owned(entry.cidr_block()),
        ipv6_cidr_block: owned(entry.ipv6_cidr_block()),
        port_range: entry.port_range().and_then(|range| {
            Some(PortRange {
                from: range.from()?,
                to: range.to()?,
            })
        }),
    }
}

async fn flow_logs(context: &CallContext, client: &Client) -> Result<Vec<FlowLog>, CallFailure> {
    let mut logs = Vec::new();
    for_each_page!(
        context,
        calls::ec2::FLOW_LOGS,
        client.describe_flow_logs().into_paginator(),
        |page| {
            logs.extend(page.flow_logs().iter().map(|log| FlowLog {
                flow_log_id: text(log.flow_log_id()),
                resource_id: text(log.resource_id()),
                traffic_type: log.traffic_type().map(|value| value.as_str().to_owned()),
                flow_log_status: owned(log.flow_log_status()),
                log_destination_type: log
                    .log_destination_type()
                    .map(|value| value.as_str().to_owned()),
            }));
        }
    )?;
    Ok(logs)
}
