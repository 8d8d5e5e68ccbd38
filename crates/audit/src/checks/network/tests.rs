use super::*;
use crate::checks::Scope;
use crate::finding::{Finding, Status};
use crate::model::{Collected, Ec2Model, PrefixList, RuleAction, SecurityGroupRule};
use crate::testing::{compliant_account, nacl_entry, security_group, tcp_rule};

const SCOPE: Scope<'static> = Scope {
    account_id: "111122223333",
    region: "eu-west-1",
};

fn ec2() -> Ec2Model {
    compliant_account().regions.remove(0).ec2
}

fn with_group(rules: Vec<SecurityGroupRule>) -> Ec2Model {
    let mut ec2 = ec2();
    if let Collected::Value(groups) = &mut ec2.security_groups {
        groups.push(security_group("sg-test", "test", rules));
    }
    ec2
}

fn status_of(findings: &[Finding], check_id: &str, resource_suffix: &str) -> Option<Status> {
    findings
        .iter()
        .find(|f| f.check_id == check_id && f.resource.ends_with(resource_suffix))
        .map(|f| f.status)
}

fn message_of(findings: &[Finding], check_id: &str, resource_suffix: &str) -> String {
    findings
        .iter()
        .find(|f| f.check_id == check_id && f.resource.ends_with(resource_suffix))
        .map(|f| f.message.clone())
        .unwrap_or_default()
}

#[test]
fn internal_rules_pass() {
    let findings = security_groups::run(&with_group(vec![tcp_rule(22, 22, "10.0.0.0/8")]), &SCOPE);

    for check in [
        &SG_OPEN_ALL_TRAFFIC,
        &SG_OPEN_ANY_PORT,
        &SG_OPEN_ADMIN_PORTS,
        &SG_OPEN_DATABASE_PORTS,
    ] {
        assert_eq!(
            status_of(&findings, check.id, "sg-test"),
            Some(Status::Pass),
            "{}",
            check.id
        );
    }
}

#[test]
fn ssh_from_anywhere_fails_admin_and_any_port() {
    let findings = security_groups::run(&with_group(vec![tcp_rule(22, 22, "0.0.0.0/0")]), &SCOPE);

    assert_eq!(
        status_of(&findings, SG_OPEN_ADMIN_PORTS.id, "sg-test"),
        Some(Status::Fail)
    );
    assert_eq!(
        status_of(&findings, SG_OPEN_ANY_PORT.id, "sg-test"),
        Some(Status::Fail)
    );
    assert_eq!(
        status_of(&findings, SG_OPEN_ALL_TRAFFIC.id, "sg-test"),
        Some(Status::Pass)
    );
    assert_eq!(
        status_of(&findings, SG_OPEN_DATABASE_PORTS.id, "sg-test"),
        Some(Status::Pass)
    );
}

#[test]
fn ipv6_only_rule_is_caught() {
    let rule = SecurityGroupRule {
        ipv4_ranges: vec![],
        ipv6_ranges: vec!["::/0".to_owned()],
        ..tcp_rule(3389, 3389, "")
    };

    let findings = security_groups::run(&with_group(vec![rule]), &SCOPE);

    assert_eq!(
        status_of(&findings, SG_OPEN_ADMIN_PORTS.id, "sg-test"),
        Some(Status::Fail)
    );
    assert!(message_of(&findings, SG_OPEN_ADMIN_PORTS.id, "sg-test").contains("IPv6 source ::/0"));
}

#[test]
fn families_are_judged_separately() {
    let rule = SecurityGroupRule {
        ipv4_ranges: vec!["10.0.0.0/8".to_owned()],
        ipv6_ranges: vec!["::/0".to_owned()],
        ..tcp_rule(5432, 5432, "")
    };

    let findings = security_groups::run(&with_group(vec![rule]), &SCOPE);
    let message = message_of(&findings, SG_OPEN_DATABASE_PORTS.id, "sg-test");

    assert_eq!(
        status_of(&findings, SG_OPEN_DATABASE_PORTS.id, "sg-test"),
        Some(Status::Fail)
    );
    assert!(message.contains("IPv6"), "{message}");
    assert!(!message.contains("IPv4"), "{message}");
}

#[test]
fn all_protocols_rule_fails() {
    let rule = SecurityGroupRule {
        ip_protocol: "-1".to_owned(),
        from_port: None,
        to_port: None,
        ..tcp_rule(0, 0, "0.0.0.0/0")
    };

    let findings = security_groups::run(&with_group(vec![rule]), &SCOPE);

    assert_eq!(
        status_of(&findings, SG_OPEN_ALL_TRAFFIC.id, "sg-test"),
        Some(Status::Fail)
    );
    assert_eq!(
        status_of(&findings, SG_OPEN_ADMIN_PORTS.id, "sg-test"),
        Some(Status::Fail)
    );
    assert_eq!(
        status_of(&findings, SG_OPEN_DATABASE_PORTS.id, "sg-test"),
        Some(Status::Fail)
    );
}

#[test]
fn prefix_list_with_any_address_counts_as_open() {
    let mut ec2 = with_group(vec![SecurityGroupRule {
        ipv4_ranges: vec![],
        prefix_list_ids: vec!["pl-open".to_owned()],
        ..tcp_rule(6379, 6379, "")
    }]);
    if let Collected::Value(lists) = &mut ec2.prefix_lists {
        lists.push(PrefixList {
            prefix_list_id: "pl-open".to_owned(),
            name: Some("partners".to_owned()),
            address_family: Some("IPv4".to_owned()),
            entries: vec!["203.0.113.0/24".to_owned(), "0.0.0.0/0".to_owned()],
        });
    }

    let findings = security_groups::run(&ec2, &SCOPE);

    assert_eq!(
        status_of(&findings, SG_OPEN_DATABASE_PORTS.id, "sg-test"),
        Some(Status::Fail)
    );
    assert!(
        message_of(&findings, SG_OPEN_DATABASE_PORTS.id, "sg-test").contains("prefix list pl-open")
    );
}

#[test]
fn unknown_prefix_list_is_error() {
    let ec2 = with_group(vec![SecurityGroupRule {
        ipv4_ranges: vec![],
        prefix_list_ids: vec!["pl-missing".to_owned()],
        ..tcp_rule(443, 443, "")
    }]);

    let findings = security_groups::run(&ec2, &SCOPE);

    assert_eq!(
        status_of(&findings, SG_OPEN_ANY_PORT.id, "sg-test"),
        Some(Status::Error)
    );
    assert!(message_of(&findings, SG_OPEN_ANY_PORT.id, "sg-test").contains("pl-missing"));
}

#[test]
fn referenced_groups_are_internal() {
    let rule = SecurityGroupRule {
        ipv4_ranges: vec![],
        referenced_group_ids: vec!["sg-web".to_owned()],
        ..tcp_rule(22, 22, "")
    };

    let findings = security_groups::run(&with_group(vec![rule]), &SCOPE);

    assert_eq!(
        status_of(&findings, SG_OPEN_ADMIN_PORTS.id, "sg-test"),
        Some(Status::Pass)
    );
}

#[test]
fn missing_security_groups_error_names_the_call() {
    let mut ec2 = ec2();
    ec2.security_groups = Collected::NotCollected;

    let findings = security_groups::run(&ec2, &SCOPE);

    assert!(findings.iter().all(|f| f.status == Status::Error));
    assert!(
        findings[0].message.contains("ec2:DescribeSecurityGroups"),
        "{}",
        findings[0].message
    );
    assert!(
        findings[0].message.contains("eu-west-1"),
        "{}",
        findings[0].message
    );
}

#[test]
fn default_group_with_rules_fails() {
    let mut ec2 = ec2();
    if let Collected::Value(groups) = &mut ec2.security_groups {
        groups[0].egress.push(tcp_rule(0, 65535, "0.0.0.0/0"));
    }

    let findings = security_groups::run(&ec2, &SCOPE);

    assert_eq!(
        status_of(&findings, DEFAULT_SG_NO_RULES.id, "sg-default"),
        Some(Status::Fail)
    );
}

fn with_acl_entries(entries: Vec<crate::model::NetworkAclEntry>) -> Ec2Model {
    let mut ec2 = ec2();
    if let Collected::Value(acls) = &mut ec2.network_acls {
        acls[0].entries = entries;
    }
    ec2
}

#[test]
fn nacl_first_match_decides() {
    // Allow 100 comes before deny 200, so SSH is open over IPv4.
    let ec2 = with_acl_entries(vec![
        nacl_entry(
            200,
            false,
            "6",
            RuleAction::Deny,
            "0.0.0.0/0",
            Some((22, 22)),
        ),
        nacl_entry(100, false, "-1", RuleAction::Allow, "0.0.0.0/0", None),
    ]);

    let findings = nacl::run(&ec2, &SCOPE);
    let message = message_of(&findings, NACL_OPEN_ADMIN_PORTS.id, "acl-1");

    assert_eq!(
        status_of(&findings, NACL_OPEN_ADMIN_PORTS.id, "acl-1"),
        Some(Status::Fail)
    );
    assert!(
        message.contains("IPv4 TCP 22 (SSH) is allowed by inbound rule 100"),
        "{message}"
    );
}

#[test]
fn nacl_deny_before_allow_closes_port() {
    let ec2 = with_acl_entries(vec![
        nacl_entry(100, false, "-1", RuleAction::Allow, "0.0.0.0/0", None),
        nacl_entry(
            50,
            false,
            "6",
            RuleAction::Deny,
            "0.0.0.0/0",
            Some((0, 65535)),
        ),
    ]);

    let findings = nacl::run(&ec2, &SCOPE);

    assert_eq!(
        status_of(&findings, NACL_OPEN_ADMIN_PORTS.id, "acl-1"),
        Some(Status::Pass)
    );
}

#[test]
fn nacl_narrow_deny_does_not_close_port() {
    let ec2 = with_acl_entries(vec![
        nacl_entry(
            50,
            false,
            "6",
            RuleAction::Deny,
            "198.51.100.0/24",
            Some((22, 22)),
        ),
        nacl_entry(
            100,
            false,
            "6",
            RuleAction::Allow,
            "0.0.0.0/0",
            Some((22, 22)),
        ),
    ]);

    let findings = nacl::run(&ec2, &SCOPE);

    assert_eq!(
        status_of(&findings, NACL_OPEN_ADMIN_PORTS.id, "acl-1"),
        Some(Status::Fail)
    );
}

#[test]
fn nacl_ipv6_allow_is_open_despite_ipv4_deny() {
    let ec2 = with_acl_entries(vec![
        nacl_entry(
            50,
            false,
            "6",
            RuleAction::Deny,
            "0.0.0.0/0",
            Some((3389, 3389)),
        ),
        nacl_entry(
            60,
            false,
            "6",
            RuleAction::Allow,
            "::/0",
            Some((3389, 3389)),
        ),
    ]);

    let findings = nacl::run(&ec2, &SCOPE);
    let message = message_of(&findings, NACL_OPEN_ADMIN_PORTS.id, "acl-1");

    assert!(message.contains("IPv6 TCP 3389"), "{message}");
    assert!(!message.contains("IPv4"), "{message}");
}

#[test]
fn nacl_shadowed_deny_is_reported() {
    let ec2 = with_acl_entries(vec![
        nacl_entry(
            100,
            false,
            "6",
            RuleAction::Allow,
            "0.0.0.0/0",
            Some((0, 65535)),
        ),
        nacl_entry(
            200,
            false,
            "6",
            RuleAction::Deny,
            "203.0.113.0/24",
            Some((22, 22)),
        ),
        nacl_entry(32767, false, "-1", RuleAction::Deny, "0.0.0.0/0", None),
    ]);

    let findings = nacl::run(&ec2, &SCOPE);
    let message = message_of(&findings, NACL_SHADOWED_DENY.id, "acl-1");

    assert_eq!(
        status_of(&findings, NACL_SHADOWED_DENY.id, "acl-1"),
        Some(Status::Fail)
    );
    assert!(message.contains("inbound rule 200 (deny)"), "{message}");
    assert!(!message.contains("32767"), "{message}");
}

#[test]
fn nacl_deny_in_other_direction_is_not_shadowed() {
    let ec2 = with_acl_entries(vec![
        nacl_entry(100, false, "-1", RuleAction::Allow, "0.0.0.0/0", None),
        nacl_entry(
            200,
            true,
            "6",
            RuleAction::Deny,
            "0.0.0.0/0",
            Some((22, 22)),
        ),
    ]);

    let findings = nacl::run(&ec2, &SCOPE);

    assert_eq!(
        status_of(&findings, NACL_SHADOWED_DENY.id, "acl-1"),
        Some(Status::Pass)
    );
}

#[test]
fn flow_logs_missing_fails() {
    let mut ec2 = ec2();
    ec2.flow_logs = Collected::Value(Vec::new());

    let findings = vpc::flow_logs(&ec2, &SCOPE);

    assert_eq!(
        status_of(&findings, VPC_FLOW_LOGS.id, "vpc-1"),
        Some(Status::Fail)
    );
}

#[test]
fn flow_logs_not_collected_is_error() {
    let mut ec2 = ec2();
    ec2.flow_logs = Collected::failed("ec2:DescribeFlowLogs", "UnauthorizedOperation");

    let findings = vpc::flow_logs(&ec2, &SCOPE);

    assert_eq!(findings[0].status, Status::Error);
    assert!(
        findings[0]
            .message
            .contains("ec2:DescribeFlowLogs failed in region eu-west-1: UnauthorizedOperation")
    );
}

#[test]
fn private_subnet_through_main_table_to_igw_fails() {
    let mut ec2 = ec2();
    if let Collected::Value(tables) = &mut ec2.route_tables {
        tables[0].routes[1].nat_gateway_id = None;
        tables[0].routes[1].gateway_id = Some("igw-1".to_owned());
    }

    let findings = vpc::private_subnets(&ec2, &SCOPE);

    assert_eq!(
        status_of(&findings, PRIVATE_SUBNET_NO_IGW.id, "subnet-private"),
        Some(Status::Fail)
    );
    assert!(message_of(&findings, PRIVATE_SUBNET_NO_IGW.id, "subnet-private").contains("rtb-main"));
}

#[test]
fn explicit_association_overrides_main_table() {
    let mut ec2 = ec2();
    if let Collected::Value(tables) = &mut ec2.route_tables {
        tables[1]
            .associations
            .push(crate::model::RouteTableAssociation {
                main: false,
                subnet_id: Some("subnet-private".to_owned()),
                gateway_id: None,
            });
    }

    let findings = vpc::private_subnets(&ec2, &SCOPE);

    assert_eq!(
        status_of(&findings, PRIVATE_SUBNET_NO_IGW.id, "subnet-private"),
        Some(Status::Fail)
    );
}

#[test]
fn subnet_named_private_counts() {
    let mut ec2 = ec2();
    if let Collected::Value(subnets) = &mut ec2.subnets {
        subnets[0]
            .tags
            .insert("Name".to_owned(), "agentsec-Private-b".to_owned());
    }

    let findings = vpc::private_subnets(&ec2, &SCOPE);

    assert_eq!(
        status_of(&findings, PRIVATE_SUBNET_NO_IGW.id, "subnet-public"),
        Some(Status::Fail)
    );
}

#[test]
fn no_private_subnet_is_not_applicable() {
    let mut ec2 = ec2();
    if let Collected::Value(subnets) = &mut ec2.subnets {
        subnets.truncate(1);
    }

    let findings = vpc::private_subnets(&ec2, &SCOPE);

    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].status, Status::NotApplicable);
}
