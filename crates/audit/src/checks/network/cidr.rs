//! CIDR blocks and IP protocols as security groups and network ACLs write
//! them.
//!
//! A CIDR is kept as a 128-bit network and a prefix length per address
//! family, which makes containment a mask comparison. Protocols are
//! normalized to IANA protocol numbers, because security groups accept
//! names (`tcp`) where network ACLs use numbers (`6`).

use std::net::{Ipv4Addr, Ipv6Addr};

/// An IP address family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    /// IPv4.
    V4,

    /// IPv6.
    V6,
}

impl Family {
    /// Returns the name used in messages.
    pub fn name(self) -> &'static str {
        match self {
            Self::V4 => "IPv4",
            Self::V6 => "IPv6",
        }
    }

    fn bits(self) -> u8 {
        match self {
            Self::V4 => 32,
            Self::V6 => 128,
        }
    }
}

/// A parsed CIDR block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    /// The address family.
    pub family: Family,
    network: u128,
    prefix: u8,
}

impl Cidr {
    /// Parses `ADDRESS/PREFIX`; a bare address is a single host.
    ///
    /// # Errors
    ///
    /// Returns a message naming the text when it is not a CIDR block.
    pub fn parse(text: &str) -> Result<Self, String> {
        let invalid = || format!("invalid CIDR block {text:?}");
        let (address, prefix) = match text.split_once('/') {
            Some((address, prefix)) => (address, Some(prefix)),
            None => (text, None),
        };

        let (family, value) = if let Ok(v4) = address.parse::<Ipv4Addr>() {
            (Family::V4, u128::from(u32::from(v4)))
        } else if let Ok(v6) = address.parse::<Ipv6Addr>() {
            (Family::V6, u128::from(v6))
        } else {
            return Err(invalid());
        };

        let prefix = match prefix {
            Some(prefix) => prefix.parse::<u8>().map_err(|_| invalid())?,
            None => family.bits(),
        };
        if prefix > family.bits() {
            return Err(invalid());
        }

        Ok(Self {
            family,
            network: value & mask(family, prefix),
            prefix,
        })
    }

    /// Returns whether the block covers every address of its family
    /// (`0.0.0.0/0` or `::/0`).
    pub fn is_any(&self) -> bool {
        self.prefix == 0
    }

    /// Returns whether every address of `other` is in this block.
    pub fn contains(&self, other: &Self) -> bool {
        self.family == other.family
            && self.prefix <= other.prefix
            && other.network & mask(self.family, self.prefix) == self.network
    }
}

fn mask(family: Family, prefix: u8) -> u128 {
    let bits = u32::from(family.bits());
    let host_bits = bits - u32::from(prefix);
    let all = if bits == 128 {
        u128::MAX
    } else {
        (1u128 << bits) - 1
    };
    if host_bits >= 128 {
        0
    } else {
        all & !((1u128 << host_bits) - 1)
    }
}

/// An IP protocol as a rule names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// `-1`: every protocol, and then every port.
    All,

    /// One protocol by IANA number (6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6).
    Number(u8),
}

/// The IANA number of TCP.
pub const TCP: u8 = 6;
/// The IANA number of UDP.
pub const UDP: u8 = 17;
const ICMP: u8 = 1;
const ICMPV6: u8 = 58;

impl Protocol {
    /// Parses a security group protocol name or a protocol number.
    ///
    /// # Errors
    ///
    /// Returns a message naming the text when it is neither.
    pub fn parse(text: &str) -> Result<Self, String> {
        match text.to_ascii_lowercase().as_str() {
            "-1" | "all" => Ok(Self::All),
            "tcp" => Ok(Self::Number(TCP)),
            "udp" => Ok(Self::Number(UDP)),
            "icmp" => Ok(Self::Number(ICMP)),
            "icmpv6" => Ok(Self::Number(ICMPV6)),
            other => other
                .parse::<u8>()
                .map(Self::Number)
                .map_err(|_| format!("invalid IP protocol {text:?}")),
        }
    }

    /// Returns whether the rule covers traffic of protocol `number`.
    pub fn covers(self, number: u8) -> bool {
        match self {
            Self::All => true,
            Self::Number(own) => own == number,
        }
    }

    /// Returns whether traffic of this protocol has ports (TCP, UDP, all).
    pub fn has_ports(self) -> bool {
        matches!(self, Self::All | Self::Number(TCP) | Self::Number(UDP))
    }

    /// Returns whether every packet this protocol covers is also covered by
    /// `outer`.
    pub fn within(self, outer: Self) -> bool {
        match (self, outer) {
            (_, Self::All) => true,
            (Self::All, Self::Number(_)) => false,
            (Self::Number(own), Self::Number(other)) => own == other,
        }
    }

    /// Returns the name used in messages.
    pub fn name(self) -> String {
        match self {
            Self::All => "all protocols".to_owned(),
            Self::Number(TCP) => "TCP".to_owned(),
            Self::Number(UDP) => "UDP".to_owned(),
            Self::Number(ICMP) => "ICMP".to_owned(),
            Self::Number(ICMPV6) => "ICMPv6".to_owned(),
            Self::Number(other) => format!("protocol {other}"),
        }
    }
}

/// An inclusive port range; `0..=65535` for "all ports".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ports {
    /// First port.
    pub from: u16,

    /// Last port.
    pub to: u16,
}

impl Ports {
    /// Every port.
    pub const ALL: Self = Self { from: 0, to: 65535 };

    /// Builds a range from API values, where a missing value or `-1` means
    /// every port.
    pub fn from_api(from: Option<i32>, to: Option<i32>) -> Self {
        match (from, to) {
            (Some(from), Some(to)) if from >= 0 && to >= from => Self {
                from: u16::try_from(from).unwrap_or(0),
                to: u16::try_from(to).unwrap_or(u16::MAX),
            },
            _ => Self::ALL,
        }
    }

    /// Returns whether the range includes `port`.
    pub fn contains(self, port: u16) -> bool {
        self.from <= port && port <= self.to
    }

    /// Returns whether the range includes all of `inner`.
    pub fn covers(self, inner: Self) -> bool {
        self.from <= inner.from && inner.to <= self.to
    }

    /// Returns the text used in messages.
    pub fn describe(self) -> String {
        if self == Self::ALL {
            "all ports".to_owned()
        } else if self.from == self.to {
            format!("port {}", self.from)
        } else {
            format!("ports {}-{}", self.from, self.to)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cidr(text: &str) -> Cidr {
        match Cidr::parse(text) {
            Ok(cidr) => cidr,
            Err(error) => panic!("{error}"),
        }
    }

    #[test]
    fn any_blocks() {
        assert!(cidr("0.0.0.0/0").is_any());
        assert!(cidr("::/0").is_any());
        assert!(!cidr("10.0.0.0/8").is_any());
    }

    #[test]
    fn containment() {
        assert!(cidr("0.0.0.0/0").contains(&cidr("10.1.0.0/16")));
        assert!(cidr("10.0.0.0/8").contains(&cidr("10.1.0.0/16")));
        assert!(!cidr("10.1.0.0/16").contains(&cidr("10.0.0.0/8")));
        assert!(!cidr("0.0.0.0/0").contains(&cidr("::/0")));
        assert!(cidr("2001:db8::/32").contains(&cidr("2001:db8:1::/48")));
    }

    #[test]
    fn rejects_invalid_blocks() {
        assert!(Cidr::parse("10.0.0.0/33").is_err());
        assert!(Cidr::parse("example").is_err());
        assert!(Cidr::parse("::/129").is_err());
    }

    #[test]
    fn protocol_names_and_numbers() {
        assert_eq!(Protocol::parse("tcp"), Ok(Protocol::Number(TCP)));
        assert_eq!(Protocol::parse("6"), Ok(Protocol::Number(TCP)));
        assert_eq!(Protocol::parse("-1"), Ok(Protocol::All));
        assert!(Protocol::parse("tcpx").is_err());
    }

    #[test]
    fn api_port_ranges() {
        assert_eq!(Ports::from_api(None, None), Ports::ALL);
        assert_eq!(Ports::from_api(Some(-1), Some(-1)), Ports::ALL);
        assert!(Ports::from_api(Some(20), Some(23)).contains(22));
    }
}
