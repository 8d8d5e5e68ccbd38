//! The EC2 and VPC part of a region: VPCs, subnets, route tables, internet
//! gateways, security groups, managed prefix lists, network ACLs and flow
//! logs.
//!
//! Field meanings follow the EC2 API reference
//! (<https://docs.aws.amazon.com/AWSEC2/latest/APIReference/>): `Vpc`,
//! `Subnet`, `RouteTable`, `InternetGateway`, `SecurityGroup` with
//! `IpPermission`, `ManagedPrefixList` with `GetManagedPrefixListEntries`,
//! `NetworkAcl` with `NetworkAclEntry`, and `FlowLog`. Each list comes from
//! one paginated `Describe*` call and is [`Collected`] on its own, so one
//! denied call leaves the others usable.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Collected;

/// The API calls behind each field of [`Ec2Model`], for ERROR messages.
pub mod calls {
    /// [`super::Ec2Model::vpcs`].
    pub const VPCS: &str = "ec2:DescribeVpcs";
    /// [`super::Ec2Model::subnets`].
    pub const SUBNETS: &str = "ec2:DescribeSubnets";
    /// [`super::Ec2Model::route_tables`].
    pub const ROUTE_TABLES: &str = "ec2:DescribeRouteTables";
    /// [`super::Ec2Model::internet_gateways`].
    pub const INTERNET_GATEWAYS: &str = "ec2:DescribeInternetGateways";
    /// [`super::Ec2Model::security_groups`].
    pub const SECURITY_GROUPS: &str = "ec2:DescribeSecurityGroups";
    /// [`super::Ec2Model::prefix_lists`].
    pub const PREFIX_LISTS: &str = "ec2:GetManagedPrefixListEntries";
    /// [`super::Ec2Model::network_acls`].
    pub const NETWORK_ACLS: &str = "ec2:DescribeNetworkAcls";
    /// [`super::Ec2Model::flow_logs`].
    pub const FLOW_LOGS: &str = "ec2:DescribeFlowLogs";
}

/// The EC2 and VPC resources of one region.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Ec2Model {
    /// VPCs.
    #[serde(default)]
    pub vpcs: Collected<Vec<Vpc>>,

    /// Subnets.
    #[serde(default)]
    pub subnets: Collected<Vec<Subnet>>,

    /// Route tables with their routes and associations.
    #[serde(default)]
    pub route_tables: Collected<Vec<RouteTable>>,

    /// Internet gateways with the VPCs they are attached to.
    #[serde(default)]
    pub internet_gateways: Collected<Vec<InternetGateway>>,

    /// Security groups with their rules.
    #[serde(default)]
    pub security_groups: Collected<Vec<SecurityGroup>>,

    /// Managed prefix lists with their entries.
    #[serde(default)]
    pub prefix_lists: Collected<Vec<PrefixList>>,

    /// Network ACLs with their entries.
    #[serde(default)]
    pub network_acls: Collected<Vec<NetworkAcl>>,

    /// VPC flow logs (all resource types; checks keep those of VPCs).
    #[serde(default)]
    pub flow_logs: Collected<Vec<FlowLog>>,
}

/// A VPC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vpc {
    /// The VPC id, such as `vpc-0a1b2c3d`.
    pub vpc_id: String,

    /// The primary IPv4 CIDR block.
    #[serde(default)]
    pub cidr_block: Option<String>,

    /// Whether this is the region's default VPC.
    #[serde(default)]
    pub is_default: bool,

    /// Tags, key to value.
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
}

/// A subnet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subnet {
    /// The subnet id.
    pub subnet_id: String,

    /// The VPC the subnet belongs to.
    pub vpc_id: String,

    /// The subnet ARN, when the API returned one.
    #[serde(default)]
    pub arn: Option<String>,

    /// The IPv4 CIDR block.
    #[serde(default)]
    pub cidr_block: Option<String>,

    /// Whether instances launched here get a public IPv4 address.
    #[serde(default)]
    pub map_public_ip_on_launch: bool,

    /// Tags, key to value; the `Name` tag is the console name.
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
}

impl Subnet {
    /// Returns the `Name` tag, if any.
    pub fn name(&self) -> Option<&str> {
        self.tags.get("Name").map(String::as_str)
    }
}

/// A route table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RouteTable {
    /// The route table id.
    pub route_table_id: String,

    /// The VPC the table belongs to.
    pub vpc_id: String,

    /// Routes.
    #[serde(default)]
    pub routes: Vec<Route>,

    /// Associations with subnets (or the main-table marker).
    #[serde(default)]
    pub associations: Vec<RouteTableAssociation>,
}

impl RouteTable {
    /// Returns whether this is the VPC's main route table, which applies to
    /// every subnet without an explicit association.
    pub fn is_main(&self) -> bool {
        self.associations.iter().any(|association| association.main)
    }
}

/// One route of a route table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Route {
    /// The IPv4 destination, such as `0.0.0.0/0`.
    #[serde(default)]
    pub destination_cidr_block: Option<String>,

    /// The IPv6 destination, such as `::/0`.
    #[serde(default)]
    pub destination_ipv6_cidr_block: Option<String>,

    /// The destination prefix list id.
    #[serde(default)]
    pub destination_prefix_list_id: Option<String>,

    /// The gateway target: an internet gateway (`igw-...`), a virtual private
    /// gateway (`vgw-...`), `local`, ...
    #[serde(default)]
    pub gateway_id: Option<String>,

    /// The NAT gateway target.
    #[serde(default)]
    pub nat_gateway_id: Option<String>,

    /// `active` or `blackhole`.
    #[serde(default)]
    pub state: Option<String>,
}

/// A route table association.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RouteTableAssociation {
    /// Whether this marks the main route table.
    #[serde(default)]
    pub main: bool,

    /// The associated subnet, if any.
    #[serde(default)]
    pub subnet_id: Option<String>,

    /// The associated gateway (edge association), if any.
    #[serde(default)]
    pub gateway_id: Option<String>,
}

/// An internet gateway.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InternetGateway {
    /// The gateway id, such as `igw-0a1b2c3d`.
    pub internet_gateway_id: String,

    /// The VPCs the gateway is attached to.
    #[serde(default)]
    pub attached_vpc_ids: Vec<String>,
}

/// A security group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityGroup {
    /// The group id, such as `sg-0a1b2c3d`.
    pub group_id: String,

    /// The group name; `default` for a VPC's default group.
    pub group_name: String,

    /// The VPC of the group.
    #[serde(default)]
    pub vpc_id: Option<String>,

    /// The group ARN, when the API returned one.
    #[serde(default)]
    pub arn: Option<String>,

    /// Inbound rules (`IpPermissions`).
    #[serde(default)]
    pub ingress: Vec<SecurityGroupRule>,

    /// Outbound rules (`IpPermissionsEgress`).
    #[serde(default)]
    pub egress: Vec<SecurityGroupRule>,
}

impl SecurityGroup {
    /// Returns whether this is the default security group of its VPC.
    pub fn is_default(&self) -> bool {
        self.group_name == "default"
    }
}

/// One `IpPermission`: a protocol and port range with its sources or
/// destinations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityGroupRule {
    /// `IpProtocol`: `tcp`, `udp`, `icmp`, `icmpv6`, a protocol number, or
    /// `-1` for all protocols (and then all ports).
    pub ip_protocol: String,

    /// `FromPort`; for ICMP the type. `None` or `-1` means all.
    #[serde(default)]
    pub from_port: Option<i32>,

    /// `ToPort`; for ICMP the code. `None` or `-1` means all.
    #[serde(default)]
    pub to_port: Option<i32>,

    /// IPv4 CIDR ranges (`IpRanges`).
    #[serde(default)]
    pub ipv4_ranges: Vec<String>,

    /// IPv6 CIDR ranges (`Ipv6Ranges`).
    #[serde(default)]
    pub ipv6_ranges: Vec<String>,

    /// Managed prefix list ids (`PrefixListIds`).
    #[serde(default)]
    pub prefix_list_ids: Vec<String>,

    /// Referenced security group ids (`UserIdGroupPairs`).
    #[serde(default)]
    pub referenced_group_ids: Vec<String>,
}

/// A managed prefix list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrefixList {
    /// The prefix list id, such as `pl-0a1b2c3d`.
    pub prefix_list_id: String,

    /// The prefix list name.
    #[serde(default)]
    pub name: Option<String>,

    /// `IPv4` or `IPv6`.
    #[serde(default)]
    pub address_family: Option<String>,

    /// The CIDR entries.
    #[serde(default)]
    pub entries: Vec<String>,
}

/// A network ACL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkAcl {
    /// The network ACL id, such as `acl-0a1b2c3d`.
    pub network_acl_id: String,

    /// The VPC of the ACL.
    pub vpc_id: String,

    /// Whether this is the VPC's default ACL.
    #[serde(default)]
    pub is_default: bool,

    /// The subnets the ACL is associated with.
    #[serde(default)]
    pub subnet_ids: Vec<String>,

    /// The entries, inbound and outbound, in any order.
    #[serde(default)]
    pub entries: Vec<NetworkAclEntry>,
}

/// `allow` or `deny`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleAction {
    /// `allow`.
    Allow,

    /// `deny`.
    Deny,
}

/// One network ACL entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkAclEntry {
    /// The rule number; lower numbers are evaluated first. `32767` is the
    /// final catch-all deny that AWS adds.
    pub rule_number: i32,

    /// Whether the entry applies to outbound traffic.
    pub egress: bool,

    /// The protocol number as text (`6` TCP, `17` UDP, `1` ICMP, `58`
    /// ICMPv6) or `-1` for all.
    pub protocol: String,

    /// Whether matching traffic is allowed or denied.
    pub rule_action: RuleAction,

    /// The IPv4 CIDR, for an IPv4 entry.
    #[serde(default)]
    pub cidr_block: Option<String>,

    /// The IPv6 CIDR, for an IPv6 entry.
    #[serde(default)]
    pub ipv6_cidr_block: Option<String>,

    /// The port range for TCP and UDP; `None` means all ports.
    #[serde(default)]
    pub port_range: Option<PortRange>,
}

/// An inclusive port range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortRange {
    /// First port.
    pub from: i32,

    /// Last port.
    pub to: i32,
}

/// A flow log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlowLog {
    /// The flow log id.
    pub flow_log_id: String,

    /// The VPC, subnet or network interface id it records.
    pub resource_id: String,

    /// `ACCEPT`, `REJECT` or `ALL`.
    #[serde(default)]
    pub traffic_type: Option<String>,

    /// `ACTIVE` for a working flow log.
    #[serde(default)]
    pub flow_log_status: Option<String>,

    /// `cloud-watch-logs`, `s3` or `kinesis-data-firehose`.
    #[serde(default)]
    pub log_destination_type: Option<String>,
}
