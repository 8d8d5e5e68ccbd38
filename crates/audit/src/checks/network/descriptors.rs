//! Descriptors of the network checks.

use crate::checks::Check;
use crate::finding::Severity;

/// A security group admits every protocol from the internet.
pub const SG_OPEN_ALL_TRAFFIC: Check = Check {
    id: "ec2-sg-open-all-traffic",
    title: "Security group admits all traffic from the internet",
    severity: Severity::Critical,
    rationale: "An ingress rule for all protocols from 0.0.0.0/0 or ::/0 exposes every listening port of every attached interface to the internet.",
    remediation: "Remove the rule, or replace it with rules for the ports the service needs from the sources that need them.",
    cis: None,
    prowler: &["ec2_securitygroup_allow_ingress_from_internet_to_all_ports"],
};

/// A security group admits some port from the internet.
pub const SG_OPEN_ANY_PORT: Check = Check {
    id: "ec2-sg-open-any-port",
    title: "Security group admits a port from the internet",
    severity: Severity::Medium,
    rationale: "Every port open to 0.0.0.0/0 or ::/0 is reachable by anyone; only internet-facing load balancers should need that.",
    remediation: "Restrict the source to known CIDR blocks, a managed prefix list or a security group, or suppress the finding for a reviewed public endpoint.",
    cis: None,
    prowler: &["ec2_securitygroup_allow_ingress_from_internet_to_any_port"],
};

/// A security group admits SSH or RDP from the internet.
pub const SG_OPEN_ADMIN_PORTS: Check = Check {
    id: "ec2-sg-open-admin-ports",
    title: "Security group admits remote administration ports from the internet",
    severity: Severity::High,
    rationale: "SSH (22) and RDP (3389) open to the internet invite password guessing and exploitation of the remote access service.",
    remediation: "Remove the rule and reach instances through SSM Session Manager, or restrict the source to a bastion or VPN range.",
    cis: Some("v3.0.0 5.2, 5.3"),
    prowler: &[
        "ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22",
        "ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_3389",
    ],
};

/// A security group admits database ports from the internet.
pub const SG_OPEN_DATABASE_PORTS: Check = Check {
    id: "ec2-sg-open-database-ports",
    title: "Security group admits database ports from the internet",
    severity: Severity::High,
    rationale: "Databases and search engines (MySQL, PostgreSQL, SQL Server, Oracle, Redis, MongoDB, Elasticsearch, ...) reachable from the internet are scanned for and breached within hours.",
    remediation: "Remove the rule and admit database traffic only from the application's security group.",
    cis: None,
    prowler: &[
        "ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_mysql_3306",
        "ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_postgres_5432",
        "ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_sql_server_1433_1434",
        "ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_oracle_1521_2483",
        "ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_redis_6379",
        "ec2_securitygroup_allow_ingress_from_internet_to_port_mongodb_27017_27018",
        "ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_elasticsearch_kibana_9200_9300_5601",
    ],
};

/// A network ACL admits SSH or RDP from the internet.
pub const NACL_OPEN_ADMIN_PORTS: Check = Check {
    id: "ec2-nacl-open-admin-ports",
    title: "Network ACL admits remote administration ports from the internet",
    severity: Severity::Medium,
    rationale: "A network ACL is the subnet-wide layer under security groups; allowing SSH or RDP from 0.0.0.0/0 or ::/0 there leaves one mistaken security group between the internet and a shell.",
    remediation: "Add a deny entry for TCP 22 and 3389 from 0.0.0.0/0 and ::/0 with a rule number below the allow, or narrow the allow.",
    cis: Some("v3.0.0 5.1"),
    prowler: &[
        "ec2_networkacl_allow_ingress_tcp_port_22",
        "ec2_networkacl_allow_ingress_tcp_port_3389",
    ],
};

/// A network ACL deny entry never applies.
pub const NACL_SHADOWED_DENY: Check = Check {
    id: "ec2-nacl-shadowed-deny",
    title: "Network ACL deny entry is shadowed by an earlier allow",
    severity: Severity::Medium,
    rationale: "Network ACL entries are evaluated in rule-number order and the first match wins, so a deny after an allow for the same traffic never blocks anything while it reads as a control.",
    remediation: "Give the deny entry a rule number lower than the allow entry it is meant to restrict.",
    cis: None,
    prowler: &[],
};

/// The default security group of a VPC has rules.
pub const DEFAULT_SG_NO_RULES: Check = Check {
    id: "ec2-default-sg-no-rules",
    title: "Default security group has no rules",
    severity: Severity::High,
    rationale: "Resources launched without a security group land in the VPC's default group; with rules in it they get access nobody chose.",
    remediation: "Remove every inbound and outbound rule from the default security group and attach purpose-made groups instead.",
    cis: Some("v3.0.0 5.4"),
    prowler: &["ec2_securitygroup_default_restrict_traffic"],
};

/// A VPC has no flow log.
pub const VPC_FLOW_LOGS: Check = Check {
    id: "vpc-flow-logs-enabled",
    title: "VPC flow logs are enabled",
    severity: Severity::Medium,
    rationale: "Flow logs record accepted and rejected connections, which incident response needs to see what reached what.",
    remediation: "Create a flow log for the VPC (ec2:CreateFlowLogs) that records at least REJECT traffic to CloudWatch Logs or S3.",
    cis: Some("v3.0.0 3.7"),
    prowler: &["vpc_flow_logs_enabled"],
};

/// A private subnet routes to an internet gateway.
pub const PRIVATE_SUBNET_NO_IGW: Check = Check {
    id: "vpc-private-subnet-no-igw-route",
    title: "Private subnet has no route to an internet gateway",
    severity: Severity::High,
    rationale: "A subnet tagged or named private is expected to be unreachable from the internet; a route to an internet gateway makes any public IP in it reachable.",
    remediation: "Associate the subnet with a route table whose default route goes to a NAT gateway (or nowhere) instead of an internet gateway.",
    cis: None,
    prowler: &["ec2_no_unrestricted_route_to_igw"],
};

/// Every network check.
pub const CHECKS: &[&Check] = &[
    &SG_OPEN_ALL_TRAFFIC,
    &SG_OPEN_ANY_PORT,
    &SG_OPEN_ADMIN_PORTS,
    &SG_OPEN_DATABASE_PORTS,
    &NACL_OPEN_ADMIN_PORTS,
    &NACL_SHADOWED_DENY,
    &DEFAULT_SG_NO_RULES,
    &VPC_FLOW_LOGS,
    &PRIVATE_SUBNET_NO_IGW,
];
