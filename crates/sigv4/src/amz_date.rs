//! The SigV4 timestamp: ISO 8601 basic format, `YYYYMMDD'T'HHMMSS'Z'`, UTC.
//!
//! See AWS's "Elements of an AWS API request signature" page. Only this exact
//! 16-character form is accepted; extended ISO 8601 and RFC 7231 dates are
//! malformed.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, macros::format_description};

/// A parsed `X-Amz-Date` value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AmzDate {
    text: [u8; 16],
    unix_seconds: i64,
}

impl AmzDate {
    /// Parses `YYYYMMDDTHHMMSSZ`.
    ///
    /// # Errors
    /// Returns `None` when the text is not exactly that form or names an
    /// impossible date or time.
    pub fn parse(text: &str) -> Option<Self> {
        let bytes: [u8; 16] = text.as_bytes().try_into().ok()?;
        let well_formed = bytes.iter().enumerate().all(|(i, b)| match i {
            8 => *b == b'T',
            15 => *b == b'Z',
            _ => b.is_ascii_digit(),
        });
        if !well_formed {
            return None;
        }
        let number = |range: std::ops::Range<usize>| {
            bytes[range].iter().fold(0u32, |value, digit| value * 10 + u32::from(digit - b'0'))
        };
        let month = Month::try_from(u8::try_from(number(4..6)).ok()?).ok()?;
        let date = Date::from_calendar_date(i32::try_from(number(0..4)).ok()?, month, u8::try_from(number(6..8)).ok()?).ok()?;
        let time = Time::from_hms(
            u8::try_from(number(9..11)).ok()?,
            u8::try_from(number(11..13)).ok()?,
            u8::try_from(number(13..15)).ok()?,
        )
        .ok()?;
        let unix_seconds = PrimitiveDateTime::new(date, time).assume_utc().unix_timestamp();
        Some(Self { text: bytes, unix_seconds })
    }

    /// Formats a system time as an `AmzDate`, truncating sub-second parts.
    pub fn from_system_time(time: SystemTime) -> Option<Self> {
        let datetime = OffsetDateTime::from(time);
        let format = format_description!("[year][month][day]T[hour][minute][second]Z");
        let text = datetime.format(format).ok()?;
        Self::parse(&text)
    }

    /// The full `YYYYMMDDTHHMMSSZ` text.
    pub fn as_str(&self) -> &str {
        // The constructor checked every byte is ASCII.
        std::str::from_utf8(&self.text).unwrap_or_default()
    }

    /// The `YYYYMMDD` date stamp used in the credential scope.
    pub fn date_stamp(&self) -> &str {
        &self.as_str()[..8]
    }

    /// The timestamp as a `SystemTime`.
    pub fn to_system_time(&self) -> SystemTime {
        if self.unix_seconds >= 0 {
            UNIX_EPOCH + Duration::from_secs(self.unix_seconds.unsigned_abs())
        } else {
            UNIX_EPOCH - Duration::from_secs(self.unix_seconds.unsigned_abs())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_basic_format() {
        let date = AmzDate::parse("20150830T123600Z").expect("valid");
        assert_eq!(date.date_stamp(), "20150830");
        assert_eq!(date.to_system_time(), UNIX_EPOCH + Duration::from_secs(1_440_938_160));
    }

    #[test]
    fn rejects_other_forms() {
        for text in [
            "2015-08-30T12:36:00Z",
            "20150830T123600",
            "20150830t123600Z",
            "20150830T123600+0000",
            "Sun, 30 Aug 2015 12:36:00 GMT",
            "20151330T123600Z",
            "20150230T123600Z",
            "20150830T253600Z",
            "２０150830T123600Z",
            "",
        ] {
            assert!(AmzDate::parse(text).is_none(), "{text:?} accepted");
        }
    }

    #[test]
    fn round_trips_system_time() {
        let time = UNIX_EPOCH + Duration::from_secs(1_440_938_160);
        let date = AmzDate::from_system_time(time).expect("in range");
        assert_eq!(date.as_str(), "20150830T123600Z");
    }
}
