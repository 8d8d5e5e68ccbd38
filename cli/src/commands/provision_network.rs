//! Network part of `provision-local`: a VPC with private subnets and no
//! internet route, security groups that admit only Orbit to Axon, network
//! ACLs that deny remote administration ports from the internet, empty
//! default security groups and flow logs on every VPC.
//!
//! The Terraform modules leave the VPC to the caller, so the names here are
//! this command's own: VPC `<project>-vpc`, subnets `<project>-private-a`
//! and `-b` (tag `Tier=private`), route table and network ACL
//! `<project>-private`, security groups `<project>-orbit` and
//! `<project>-axon`, flow log group `/<project>/vpc-flow-logs`.
//!
//! Emulators create a default VPC in each region, with an open default
//! security group and network ACL. It is hardened like the project's VPC,
//! so that the audit judges only what this command set up.

use anyhow::Context as _;
use aws_sdk_ec2::types::{
    Filter, IpPermission, IpRange, LogDestinationType, ResourceType, RuleAction, Tag,
    TagSpecification, TrafficType, UserIdGroupPair,
};

use super::provision::Context;

const VPC_CIDR: &str = "10.40.0.0/16";

/// Axon's listening port, which Orbit's security group may reach.
const AXON_PORT: i32 = 8081;

/// Remote administration ports that every network ACL denies from the
/// internet: SSH and RDP.
const ADMIN_PORTS: [i32; 2] = [22, 3389];

/// Returns the log group that VPC flow logs go to.
pub fn flow_logs_group_name(project: &str) -> String {
    format!("/{project}/vpc-flow-logs")
}

/// Creates the VPC, hardens every VPC of the region and turns on flow logs.
///
/// # Errors
///
/// Returns an error naming the resource whose creation failed.
pub async fn provision(context: &Context) -> anyhow::Result<()> {
    let ec2 = aws_sdk_ec2::Client::new(&context.sdk);
    let project = &context.project;

    let vpc = ec2
        .create_vpc()
        .cidr_block(VPC_CIDR)
        .tag_specifications(name_tags(ResourceType::Vpc, &format!("{project}-vpc"), None))
        .send()
        .await
        .context("cannot create the VPC")?;
    let vpc_id = vpc.vpc().and_then(|v| v.vpc_id()).context("ec2:CreateVpc returned no VPC id")?.to_owned();
    println!("created VPC {vpc_id} ({VPC_CIDR})");

    let mut subnet_ids = Vec::new();
    for (index, zone) in ["a", "b"].iter().enumerate() {
        let name = format!("{project}-private-{zone}");
        let subnet = ec2
            .create_subnet()
            .vpc_id(&vpc_id)
            .cidr_block(format!("10.40.{}.0/24", index + 1))
            .availability_zone(format!("{}{zone}", context.region))
            .tag_specifications(name_tags(ResourceType::Subnet, &name, Some(("Tier", "private"))))
            .send()
            .await
            .with_context(|| format!("cannot create subnet {name}"))?;
        let subnet_id = subnet
            .subnet()
            .and_then(|s| s.subnet_id())
            .context("ec2:CreateSubnet returned no subnet id")?
            .to_owned();
        println!("created subnet {subnet_id} ({name}, Tier=private)");
        subnet_ids.push(subnet_id);
    }

    // A route table with only the implicit local route: no internet gateway,
    // no NAT gateway.
    let route_table = ec2
        .create_route_table()
        .vpc_id(&vpc_id)
        .tag_specifications(name_tags(ResourceType::RouteTable, &format!("{project}-private"), None))
        .send()
        .await
        .context("cannot create the private route table")?;
    let route_table_id = route_table
        .route_table()
        .and_then(|t| t.route_table_id())
        .context("ec2:CreateRouteTable returned no id")?
        .to_owned();
    for subnet_id in &subnet_ids {
        ec2.associate_route_table()
            .route_table_id(&route_table_id)
            .subnet_id(subnet_id)
            .send()
            .await
            .with_context(|| format!("cannot associate route table {route_table_id} with subnet {subnet_id}"))?;
    }
    println!("created route table {route_table_id} with the local route only");

    create_service_groups(&ec2, context, &vpc_id).await?;
    create_private_acl(&ec2, context, &vpc_id, &subnet_ids).await?;

    let vpc_ids = harden_all_vpcs(&ec2).await?;
    create_flow_logs(context, &ec2, &vpc_ids).await
}

/// Opens TCP 22 of `<project>-axon` to 0.0.0.0/0.
///
/// # Errors
///
/// Returns an error when the group does not exist or the rule cannot be
/// added.
pub async fn open_security_group(context: &Context) -> anyhow::Result<()> {
    let ec2 = aws_sdk_ec2::Client::new(&context.sdk);
    let name = format!("{}-axon", context.project);

    let groups = ec2
        .describe_security_groups()
        .filters(Filter::builder().name("group-name").values(&name).build())
        .send()
        .await
        .with_context(|| format!("cannot look up security group {name}"))?;
    let group_id = groups
        .security_groups()
        .first()
        .and_then(|group| group.group_id())
        .with_context(|| format!("security group {name} not found; run provision-local without --inject-violation first"))?
        .to_owned();

    ec2.authorize_security_group_ingress()
        .group_id(&group_id)
        .ip_permissions(tcp_from_cidr(22, "0.0.0.0/0"))
        .send()
        .await
        .with_context(|| format!("cannot open TCP 22 on security group {name}"))?;
    println!("injected violation: security group {group_id} ({name}) admits TCP 22 from 0.0.0.0/0");
    Ok(())
}

/// Creates `<project>-orbit` and `<project>-axon`: Axon admits only Orbit on
/// its port, Orbit may reach only Axon, and Axon may reach only HTTPS inside
/// the VPC (VPC endpoints for Secrets Manager and CloudWatch Logs).
async fn create_service_groups(ec2: &aws_sdk_ec2::Client, context: &Context, vpc_id: &str) -> anyhow::Result<()> {
    let project = &context.project;
    let orbit = create_group(ec2, vpc_id, &format!("{project}-orbit"), "Orbit dispatcher: calls Axon only").await?;
    let axon = create_group(ec2, vpc_id, &format!("{project}-axon"), "Axon reasoning service: called by Orbit only").await?;

    let orbit_to_axon = IpPermission::builder()
        .ip_protocol("tcp")
        .from_port(AXON_PORT)
        .to_port(AXON_PORT)
        .user_id_group_pairs(UserIdGroupPair::builder().group_id(&orbit).build())
        .build();
    ec2.authorize_security_group_ingress()
        .group_id(&axon)
        .ip_permissions(orbit_to_axon)
        .send()
        .await
        .context("cannot let the Orbit security group reach the Axon security group")?;

    let to_axon = IpPermission::builder()
        .ip_protocol("tcp")
        .from_port(AXON_PORT)
        .to_port(AXON_PORT)
        .user_id_group_pairs(UserIdGroupPair::builder().group_id(&axon).build())
        .build();
    ec2.authorize_security_group_egress()
        .group_id(&orbit)
        .ip_permissions(to_axon)
        .send()
        .await
        .context("cannot add the Orbit egress rule")?;

    ec2.authorize_security_group_egress()
        .group_id(&axon)
        .ip_permissions(tcp_from_cidr(443, VPC_CIDR))
        .send()
        .await
        .context("cannot add the Axon egress rule")?;

    println!("created security groups {orbit} ({project}-orbit) and {axon} ({project}-axon), Axon port {AXON_PORT} open to Orbit only");
    Ok(())
}

/// Creates a security group, removes the allow-all egress rule that EC2
/// adds to every new group, and returns the group id.
async fn create_group(ec2: &aws_sdk_ec2::Client, vpc_id: &str, name: &str, description: &str) -> anyhow::Result<String> {
    let created = ec2
        .create_security_group()
        .vpc_id(vpc_id)
        .group_name(name)
        .description(description)
        .send()
        .await
        .with_context(|| format!("cannot create security group {name}"))?;
    let group_id = created.group_id().context("ec2:CreateSecurityGroup returned no id")?.to_owned();
    revoke_all_rules(ec2, &group_id).await?;
    Ok(group_id)
}

/// Creates `<project>-private` for the private subnets: deny SSH and RDP
/// from the internet first, then allow traffic inside the VPC.
async fn create_private_acl(ec2: &aws_sdk_ec2::Client, context: &Context, vpc_id: &str, subnet_ids: &[String]) -> anyhow::Result<()> {
    let name = format!("{}-private", context.project);
    let created = ec2
        .create_network_acl()
        .vpc_id(vpc_id)
        .tag_specifications(name_tags(ResourceType::NetworkAcl, &name, None))
        .send()
        .await
        .with_context(|| format!("cannot create network ACL {name}"))?;
    let acl_id = created
        .network_acl()
        .and_then(|acl| acl.network_acl_id())
        .context("ec2:CreateNetworkAcl returned no id")?
        .to_owned();

    deny_admin_ports(ec2, &acl_id).await?;
    for egress in [false, true] {
        ec2.create_network_acl_entry()
            .network_acl_id(&acl_id)
            .rule_number(100)
            .protocol("-1")
            .rule_action(RuleAction::Allow)
            .egress(egress)
            .cidr_block(VPC_CIDR)
            .send()
            .await
            .with_context(|| format!("cannot add the VPC allow entry to network ACL {name}"))?;
    }

    // A subnet is always associated with some network ACL (the default one
    // at first), so moving it means replacing that association.
    let acls = ec2
        .describe_network_acls()
        .filters(Filter::builder().name("vpc-id").values(vpc_id).build())
        .send()
        .await
        .context("cannot list the network ACLs of the VPC")?;
    for subnet_id in subnet_ids {
        let association_id = acls
            .network_acls()
            .iter()
            .flat_map(|acl| acl.associations())
            .find(|association| association.subnet_id() == Some(subnet_id.as_str()))
            .and_then(|association| association.network_acl_association_id())
            .with_context(|| format!("subnet {subnet_id} has no network ACL association"))?;
        ec2.replace_network_acl_association()
            .association_id(association_id)
            .network_acl_id(&acl_id)
            .send()
            .await
            .with_context(|| format!("cannot associate network ACL {name} with subnet {subnet_id}"))?;
    }

    println!("created network ACL {acl_id} ({name}) for the private subnets");
    Ok(())
}

/// Adds deny entries for TCP 22 and 3389 from 0.0.0.0/0, numbered below
/// any allow entry (10 and 11).
async fn deny_admin_ports(ec2: &aws_sdk_ec2::Client, acl_id: &str) -> anyhow::Result<()> {
    for (rule_number, port) in (10..).zip(ADMIN_PORTS) {
        ec2.create_network_acl_entry()
            .network_acl_id(acl_id)
            .rule_number(rule_number)
            .protocol("6")
            .rule_action(RuleAction::Deny)
            .egress(false)
            .cidr_block("0.0.0.0/0")
            .port_range(aws_sdk_ec2::types::PortRange::builder().from(port).to(port).build())
            .send()
            .await
            .with_context(|| format!("cannot add the deny entry for port {port} to network ACL {acl_id}"))?;
    }
    Ok(())
}

/// Empties every default security group and adds the admin-port denies to
/// every default network ACL in the region, and returns every VPC id.
async fn harden_all_vpcs(ec2: &aws_sdk_ec2::Client) -> anyhow::Result<Vec<String>> {
    let vpcs = ec2.describe_vpcs().send().await.context("cannot list VPCs")?;
    let vpc_ids: Vec<String> = vpcs.vpcs().iter().filter_map(|vpc| vpc.vpc_id()).map(str::to_owned).collect();

    let defaults = ec2
        .describe_security_groups()
        .filters(Filter::builder().name("group-name").values("default").build())
        .send()
        .await
        .context("cannot list the default security groups")?;
    for group in defaults.security_groups() {
        let group_id = group.group_id().context("a default security group has no id")?;
        revoke_all_rules(ec2, group_id).await?;
        println!("removed every rule from default security group {group_id}");
    }

    let acls = ec2
        .describe_network_acls()
        .filters(Filter::builder().name("default").values("true").build())
        .send()
        .await
        .context("cannot list the default network ACLs")?;
    for acl in acls.network_acls() {
        let acl_id = acl.network_acl_id().context("a default network ACL has no id")?;
        deny_admin_ports(ec2, acl_id).await?;
        println!("denied TCP 22 and 3389 from 0.0.0.0/0 in default network ACL {acl_id}");
    }

    Ok(vpc_ids)
}

/// Removes every ingress and egress rule of a security group.
async fn revoke_all_rules(ec2: &aws_sdk_ec2::Client, group_id: &str) -> anyhow::Result<()> {
    let described = ec2
        .describe_security_groups()
        .group_ids(group_id)
        .send()
        .await
        .with_context(|| format!("cannot read security group {group_id}"))?;
    let Some(group) = described.security_groups().first() else {
        anyhow::bail!("security group {group_id} not found");
    };

    if !group.ip_permissions().is_empty() {
        ec2.revoke_security_group_ingress()
            .group_id(group_id)
            .set_ip_permissions(Some(group.ip_permissions().to_vec()))
            .send()
            .await
            .with_context(|| format!("cannot remove the ingress rules of security group {group_id}"))?;
    }
    if !group.ip_permissions_egress().is_empty() {
        ec2.revoke_security_group_egress()
            .group_id(group_id)
            .set_ip_permissions(Some(group.ip_permissions_egress().to_vec()))
            .send()
            .await
            .with_context(|| format!("cannot remove the egress rules of security group {group_id}"))?;
    }
    Ok(())
}

/// Creates the flow log group and one flow log of all traffic per VPC.
async fn create_flow_logs(context: &Context, ec2: &aws_sdk_ec2::Client, vpc_ids: &[String]) -> anyhow::Result<()> {
    let group = flow_logs_group_name(&context.project);
    super::provision_logging::create_log_group(context, &group, None).await?;

    let role_arn = context.role_arn(&super::provision_iam::flow_logs_role_name(&context.project));
    ec2.create_flow_logs()
        .resource_type(aws_sdk_ec2::types::FlowLogsResourceType::Vpc)
        .set_resource_ids(Some(vpc_ids.to_vec()))
        .traffic_type(TrafficType::All)
        .log_destination_type(LogDestinationType::CloudWatchLogs)
        .log_group_name(&group)
        .deliver_logs_permission_arn(&role_arn)
        .send()
        .await
        .context("cannot create the VPC flow logs")?;
    println!("created flow logs of all traffic for VPCs {} into {group}", vpc_ids.join(", "));
    Ok(())
}

fn tcp_from_cidr(port: i32, cidr: &str) -> IpPermission {
    IpPermission::builder()
        .ip_protocol("tcp")
        .from_port(port)
        .to_port(port)
        .ip_ranges(IpRange::builder().cidr_ip(cidr).build())
        .build()
}

fn name_tags(resource_type: ResourceType, name: &str, extra: Option<(&str, &str)>) -> TagSpecification {
    let mut builder = TagSpecification::builder()
        .resource_type(resource_type)
        .tags(Tag::builder().key("Name").value(name).build());
    if let Some((key, value)) = extra {
        builder = builder.tags(Tag::builder().key(key).value(value).build());
    }
    builder.build()
}
