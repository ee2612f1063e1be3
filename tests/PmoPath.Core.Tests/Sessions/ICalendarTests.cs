using System.Globalization;
using System.Text;
using PmoPath.Sessions;

namespace PmoPath.Core.Tests.Sessions;

public sealed class ICalendarTests
{
    private static readonly DateTime Stamp = new(2027, 2, 1, 8, 30, 5, DateTimeKind.Utc);

    private static CalendarEvent AllDay(DateOnly startsOn, DateOnly endsOn) => new(
        "session-42@pmopath", "P3O Foundation", "Three days in the classroom.", "London, EC1",
        startsOn, endsOn, null, null, "Europe/London", Stamp);

    private static CalendarEvent Timed(DateOnly startsOn, DateOnly endsOn, string zone = "Europe/London") => new(
        "session-43@pmopath", "MoP Practitioner", "", "",
        startsOn, endsOn, new TimeOnly(9, 0), new TimeOnly(17, 0), zone, Stamp);

    private static IcsComponent Parse(string text) => Ics.Parse(text);

    // ---- The envelope -------------------------------------------------------------------------

    [Fact]
    public void A_feed_of_one_all_day_session_is_written_exactly()
    {
        var text = ICalendar.Write("PmoPath sessions", [AllDay(new(2027, 3, 1), new(2027, 3, 3))]);

        Assert.Equal(
            "BEGIN:VCALENDAR\r\n" +
            "VERSION:2.0\r\n" +
            "PRODID:-//PmoPath//Sessions//EN\r\n" +
            "CALSCALE:GREGORIAN\r\n" +
            "X-WR-CALNAME:PmoPath sessions\r\n" +
            "BEGIN:VEVENT\r\n" +
            "UID:session-42@pmopath\r\n" +
            "DTSTAMP:20270201T083005Z\r\n" +
            "DTSTART;VALUE=DATE:20270301\r\n" +
            "DTEND;VALUE=DATE:20270304\r\n" +
            "SUMMARY:P3O Foundation\r\n" +
            "DESCRIPTION:Three days in the classroom.\r\n" +
            "LOCATION:London\\, EC1\r\n" +
            "SEQUENCE:0\r\n" +
            "STATUS:CONFIRMED\r\n" +
            "TRANSP:OPAQUE\r\n" +
            "END:VEVENT\r\n" +
            "END:VCALENDAR\r\n",
            text);
    }

    [Fact]
    public void The_media_type_is_text_calendar() => Assert.Equal("text/calendar", ICalendar.MediaType);

    [Fact]
    public void The_calendar_name_is_escaped_text()
    {
        var calendar = Parse(ICalendar.Write("Sessions; London, Leeds", []));
        Assert.Equal(@"Sessions\; London\, Leeds", calendar.Raw("X-WR-CALNAME"));
        Assert.Equal("Sessions; London, Leeds", calendar.Text("X-WR-CALNAME"));
    }

    [Fact]
    public void An_empty_feed_is_a_valid_calendar_with_no_components()
    {
        var calendar = Parse(ICalendar.Write("Nothing yet", []));
        Assert.Equal("VCALENDAR", calendar.Name);
        Assert.Empty(calendar.Children);
        Assert.Equal("2.0", calendar.Raw("VERSION"));
        Assert.Null(calendar.Find("METHOD"));
    }

    [Theory]
    [InlineData("PUBLISH", "PUBLISH")]
    [InlineData("REQUEST", "REQUEST")]
    [InlineData("CANCEL", "CANCEL")]
    [InlineData("request", "REQUEST")]
    public void The_method_is_written_after_the_calendar_scale(string method, string written)
    {
        var lines = Ics.Unfold(ICalendar.Write("x", [AllDay(new(2027, 3, 1), new(2027, 3, 1))], method));
        Assert.Equal(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//PmoPath//Sessions//EN", "CALSCALE:GREGORIAN", "METHOD:" + written], lines.Take(5));
    }

    [Fact]
    public void A_method_other_than_publish_request_or_cancel_is_refused() =>
        Assert.Throws<ArgumentException>(() => ICalendar.Write("x", [], "REPLY"));

    [Fact]
    public void The_same_input_gives_the_same_text()
    {
        CalendarEvent[] events = [AllDay(new(2027, 3, 1), new(2027, 3, 3)), Timed(new(2027, 3, 25), new(2027, 4, 2)), Timed(new(2027, 5, 3), new(2027, 5, 4), "America/New_York")];
        Assert.Equal(ICalendar.Write("x", events, "PUBLISH"), ICalendar.Write("x", events.ToList(), "PUBLISH"));
    }

    [Fact]
    public void Every_begin_has_its_end_properly_nested()
    {
        var text = ICalendar.Write("x",
            [AllDay(new(2027, 3, 1), new(2027, 3, 3)), Timed(new(2027, 3, 25), new(2027, 4, 2)), Timed(new(2027, 6, 1), new(2027, 6, 1), "Australia/Sydney")],
            "REQUEST");

        var open = new Stack<string>();
        foreach (var line in Ics.Unfold(text))
        {
            if (line.StartsWith("BEGIN:", StringComparison.Ordinal))
            {
                open.Push(line["BEGIN:".Length..]);
            }
            else if (line.StartsWith("END:", StringComparison.Ordinal))
            {
                Assert.NotEmpty(open);
                Assert.Equal(open.Pop(), line["END:".Length..]);
            }
        }

        Assert.Empty(open);
        var calendar = Parse(text);
        Assert.Equal(["VTIMEZONE", "VTIMEZONE", "VEVENT", "VEVENT", "VEVENT"], calendar.Children.Select(c => c.Name));
    }

    // ---- Lines, folding and escaping --------------------------------------------------------------

    public static TheoryData<string> LongTexts => new()
    {
        new string('x', 300),
        string.Concat(Enumerable.Repeat("Gestion de portefeuille – É…", 12)),
        string.Concat(Enumerable.Repeat("📅🎓✅👩🏽‍💼", 20)),
        string.Concat(Enumerable.Repeat("項目管理办公室の研修", 15)),
        "a" + string.Concat(Enumerable.Repeat("é😀", 40)),
        "ab" + string.Concat(Enumerable.Repeat("😀€", 40)),
        "Réunion; séance, « P3O® » \\ suite\nligne 2 – 🇬🇧🇫🇷 " + new string('ü', 80),
    };

    [Theory]
    [MemberData(nameof(LongTexts))]
    public void Every_line_is_at_most_75_octets_and_ends_with_CRLF(string summary)
    {
        var text = ICalendar.Write(summary, [AllDay(new(2027, 3, 1), new(2027, 3, 3)) with { Summary = summary, Description = summary, Location = summary }]);

        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        var physical = text[..^2].Split("\r\n");
        Assert.All(physical, line =>
        {
            Assert.DoesNotContain('\r', line);
            Assert.DoesNotContain('\n', line);
            Assert.InRange(Encoding.UTF8.GetByteCount(line), 1, 75);
            Assert.True(IsWellFormed(line), $"a character is split in: {line}");
        });
        Assert.Contains(physical, line => line.StartsWith(' '));
    }

    [Theory]
    [MemberData(nameof(LongTexts))]
    public void Folding_round_trips_exactly(string summary)
    {
        var text = ICalendar.Write("x", [AllDay(new(2027, 3, 1), new(2027, 3, 3)) with { Summary = summary }]);

        Assert.Equal(summary, Parse(text).One("VEVENT").Text("SUMMARY"));
    }

    [Fact]
    public void A_fold_never_splits_a_character_wherever_the_boundary_falls()
    {
        // Shift the text one octet at a time so a fold lands inside every kind of UTF-8 sequence at least once.
        for (var pad = 0; pad < 8; pad++)
        {
            var summary = new string('a', pad) + string.Concat(Enumerable.Repeat("é€😀", 30));
            var text = ICalendar.Write("x", [AllDay(new(2027, 3, 1), new(2027, 3, 1)) with { Summary = summary }]);

            foreach (var line in text[..^2].Split("\r\n"))
            {
                // Each physical line is well-formed UTF-16 on its own, so its UTF-8 octets are whole characters.
                Assert.True(IsWellFormed(line), $"a character is split in: {line}");
                Assert.InRange(Encoding.UTF8.GetByteCount(line), 1, 75);
            }

            Assert.Equal(summary, Parse(text).One("VEVENT").Text("SUMMARY"));
        }
    }

    [Fact]
    public void A_line_of_exactly_75_octets_is_not_folded_and_one_more_is()
    {
        var fits = new string('x', 75 - "SUMMARY:".Length);
        Assert.Contains("\r\nSUMMARY:" + fits + "\r\n", ICalendar.Write("x", [AllDay(new(2027, 3, 1), new(2027, 3, 1)) with { Summary = fits }]), StringComparison.Ordinal);

        var over = fits + "y";
        Assert.Contains("\r\nSUMMARY:" + fits + "\r\n y\r\n", ICalendar.Write("x", [AllDay(new(2027, 3, 1), new(2027, 3, 1)) with { Summary = over }]), StringComparison.Ordinal);
    }

    [Fact]
    public void Text_escapes_backslash_semicolon_comma_and_newline_and_drops_CR()
    {
        var e = AllDay(new(2027, 3, 1), new(2027, 3, 1)) with
        {
            Summary = @"PMO; portfolio, programme \ project",
            Description = "Line one\r\nLine two\nLine three\rstill three",
            Location = "Room 4, Floor 2; Leeds",
        };
        var vevent = Parse(ICalendar.Write("x", [e])).One("VEVENT");

        Assert.Equal(@"PMO\; portfolio\, programme \\ project", vevent.Raw("SUMMARY"));
        Assert.Equal(@"Line one\nLine two\nLine threestill three", vevent.Raw("DESCRIPTION"));
        Assert.Equal(@"Room 4\, Floor 2\; Leeds", vevent.Raw("LOCATION"));
        Assert.Equal(e.Summary, vevent.Text("SUMMARY"));
        Assert.Equal("Line one\nLine two\nLine threestill three", vevent.Text("DESCRIPTION"));
        Assert.Equal(e.Location, vevent.Text("LOCATION"));
    }

    [Fact]
    public void A_colon_in_text_is_left_as_it_is()
    {
        var vevent = Parse(ICalendar.Write("x", [AllDay(new(2027, 3, 1), new(2027, 3, 1)) with { Summary = "P3O: Foundation" }])).One("VEVENT");
        Assert.Equal("P3O: Foundation", vevent.Raw("SUMMARY"));
    }

    [Fact]
    public void Control_characters_other_than_newline_and_tab_are_dropped_from_text()
    {
        var vevent = Parse(ICalendar.Write("x", [AllDay(new(2027, 3, 1), new(2027, 3, 1)) with { Summary = "a\u0000b\u0007c\td\u007fe" }])).One("VEVENT");
        Assert.Equal("abc\tde", vevent.Raw("SUMMARY"));
    }

    // ---- The event ---------------------------------------------------------------------------------

    [Fact]
    public void An_all_day_three_day_session_ends_the_day_after_its_last_day()
    {
        var text = ICalendar.Write("x", [AllDay(new(2027, 3, 1), new(2027, 3, 3))]);
        var vevent = Parse(text).One("VEVENT");

        Assert.Equal("DTSTART;VALUE=DATE:20270301", vevent.Line("DTSTART"));
        Assert.Equal("DTEND;VALUE=DATE:20270304", vevent.Line("DTEND"));
        Assert.Null(vevent.Find("RRULE"));
        Assert.DoesNotContain("TZID", text, StringComparison.Ordinal);
        Assert.DoesNotContain("VTIMEZONE", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2027-12-30", "2027-12-31", "20271230", "20280101")]
    [InlineData("2028-02-28", "2028-02-29", "20280228", "20280301")]
    [InlineData("2027-02-28", "2027-02-28", "20270228", "20270301")]
    public void The_all_day_end_rolls_over_months_years_and_leap_days(string startsOn, string endsOn, string dtstart, string dtend)
    {
        var e = AllDay(DateOnly.Parse(startsOn, CultureInfo.InvariantCulture), DateOnly.Parse(endsOn, CultureInfo.InvariantCulture));
        var vevent = Parse(ICalendar.Write("x", [e])).One("VEVENT");
        Assert.Equal(dtstart, vevent.Raw("DTSTART"));
        Assert.Equal(dtend, vevent.Raw("DTEND"));
    }

    [Fact]
    public void An_all_day_session_does_not_need_a_known_time_zone()
    {
        var text = ICalendar.Write("x", [AllDay(new(2027, 3, 1), new(2027, 3, 1)) with { TimeZone = "Nowhere/Special" }]);
        Assert.DoesNotContain("Nowhere", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_timed_five_day_session_in_London_in_July_repeats_daily_in_its_zone()
    {
        var text = ICalendar.Write("x", [Timed(new(2027, 7, 5), new(2027, 7, 9))]);
        var calendar = Parse(text);
        var vevent = calendar.One("VEVENT");

        Assert.Equal("DTSTART;TZID=Europe/London:20270705T090000", vevent.Line("DTSTART"));
        Assert.Equal("DTEND;TZID=Europe/London:20270705T170000", vevent.Line("DTEND"));
        Assert.Equal("RRULE:FREQ=DAILY;COUNT=5", vevent.Line("RRULE"));

        var vtimezone = calendar.One("VTIMEZONE");
        Assert.Equal("Europe/London", vtimezone.Raw("TZID"));
        Assert.Equal(TimeSpan.FromHours(1), Ics.OffsetAt(vtimezone, new DateTime(2027, 7, 5, 8, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(TimeSpan.Zero, Ics.OffsetAt(vtimezone, new DateTime(2027, 1, 15, 12, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(
            ["STANDARD 20270101T000000 +0000 +0000", "DAYLIGHT 20270328T010000 +0000 +0100", "STANDARD 20271031T020000 +0100 +0000"],
            vtimezone.Children.Select(Describe));
        Assert.Equal(["GMT", "BST", "GMT"], vtimezone.Children.Select(o => o.Raw("TZNAME")));
    }

    [Fact]
    public void A_timed_one_day_session_has_no_recurrence()
    {
        var vevent = Parse(ICalendar.Write("x", [Timed(new(2027, 7, 5), new(2027, 7, 5))])).One("VEVENT");
        Assert.Null(vevent.Find("RRULE"));
    }

    [Fact]
    public void A_session_across_the_March_change_in_London_carries_both_changes_of_the_year()
    {
        var calendar = Parse(ICalendar.Write("x", [Timed(new(2027, 3, 25), new(2027, 3, 30))]));
        var vtimezone = calendar.One("VTIMEZONE");

        Assert.Contains("DAYLIGHT 20270328T010000 +0000 +0100", vtimezone.Children.Select(Describe));
        Assert.Contains("STANDARD 20271031T020000 +0100 +0000", vtimezone.Children.Select(Describe));
        Assert.Equal("RRULE:FREQ=DAILY;COUNT=6", calendar.One("VEVENT").Line("RRULE"));

        // 09:00 local is 09:00Z before the change and 08:00Z after it.
        Assert.Equal(TimeSpan.Zero, Ics.OffsetAt(vtimezone, new DateTime(2027, 3, 27, 9, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(TimeSpan.FromHours(1), Ics.OffsetAt(vtimezone, new DateTime(2027, 3, 29, 8, 0, 0, DateTimeKind.Utc)));
    }

    [Fact]
    public void The_zone_covers_every_year_from_the_first_start_to_the_last_end()
    {
        var calendar = Parse(ICalendar.Write("x", [Timed(new(2026, 6, 1), new(2026, 6, 2)), Timed(new(2027, 12, 30), new(2028, 1, 3))]));
        var vtimezone = calendar.One("VTIMEZONE");

        Assert.Equal(
            [
                "STANDARD 20260101T000000 +0000 +0000",
                "DAYLIGHT 20260329T010000 +0000 +0100", "STANDARD 20261025T020000 +0100 +0000",
                "DAYLIGHT 20270328T010000 +0000 +0100", "STANDARD 20271031T020000 +0100 +0000",
                "DAYLIGHT 20280326T010000 +0000 +0100", "STANDARD 20281029T020000 +0100 +0000",
            ],
            vtimezone.Children.Select(Describe));
    }

    [Theory]
    [InlineData("Asia/Kolkata", "+0530")]
    [InlineData("UTC", "+0000")]
    [InlineData("Asia/Kathmandu", "+0545")]
    [InlineData("America/Phoenix", "-0700")]
    public void A_zone_without_changes_has_one_standard_observance(string zone, string offset)
    {
        var vtimezone = Parse(ICalendar.Write("x", [Timed(new(2027, 7, 5), new(2027, 7, 9), zone)])).One("VTIMEZONE");

        var observance = Assert.Single(vtimezone.Children);
        Assert.Equal("STANDARD", observance.Name);
        Assert.Equal("20270101T000000", observance.Raw("DTSTART"));
        Assert.Equal(offset, observance.Raw("TZOFFSETFROM"));
        Assert.Equal(offset, observance.Raw("TZOFFSETTO"));
        Assert.False(string.IsNullOrEmpty(observance.Raw("TZNAME")));
    }

    [Fact]
    public void A_southern_zone_starts_the_year_in_daylight_time()
    {
        var vtimezone = Parse(ICalendar.Write("x", [Timed(new(2027, 7, 5), new(2027, 7, 9), "Australia/Sydney")])).One("VTIMEZONE");
        Assert.Equal(
            ["DAYLIGHT 20270101T000000 +1100 +1100", "STANDARD 20270404T030000 +1100 +1000", "DAYLIGHT 20271003T020000 +1000 +1100"],
            vtimezone.Children.Select(Describe));
    }

    [Fact]
    public void A_negative_offset_is_written_with_a_minus_sign()
    {
        var vtimezone = Parse(ICalendar.Write("x", [Timed(new(2027, 7, 5), new(2027, 7, 9), "America/St_Johns")])).One("VTIMEZONE");
        Assert.Equal(
            ["STANDARD 20270101T000000 -0330 -0330", "DAYLIGHT 20270314T020000 -0330 -0230", "STANDARD 20271107T020000 -0230 -0330"],
            vtimezone.Children.Select(Describe));
    }

    public static TheoryData<string> Zones => new()
    {
        "Europe/London", "Europe/Paris", "Europe/Dublin", "America/New_York", "America/St_Johns", "America/Sao_Paulo",
        "Australia/Sydney", "Australia/Lord_Howe", "Asia/Kolkata", "Asia/Kathmandu", "Africa/Casablanca", "Pacific/Apia",
        "Pacific/Chatham", "Asia/Tehran", "UTC",
    };

    [Theory]
    [MemberData(nameof(Zones))]
    public void The_time_zone_gives_the_same_offsets_as_the_system_for_every_instant_of_its_years(string zone)
    {
        var system = TimeZoneInfo.FindSystemTimeZoneById(zone);
        var calendar = Parse(ICalendar.Write("x", [Timed(new(2024, 11, 4), new(2024, 11, 6), zone), Timed(new(2026, 3, 2), new(2026, 3, 2), zone)]));
        var vtimezone = calendar.One("VTIMEZONE");
        Assert.Equal(zone, vtimezone.Raw("TZID"));

        // Every hour of the covered years (local Jan 1 2024 to Dec 31 2026), and each side of every change.
        var from = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc) + TimeSpan.FromDays(1);
        var until = new DateTime(2026, 12, 31, 0, 0, 0, DateTimeKind.Utc);
        var instants = new List<DateTime>();
        for (var t = from; t < until; t = t.AddHours(1))
        {
            instants.Add(t);
        }

        var onsets = Ics.Onsets(vtimezone);
        foreach (var onset in onsets.Skip(1))
        {
            instants.Add(onset.AddSeconds(-1));
            instants.Add(onset);
        }

        foreach (var t in instants)
        {
            var observance = Ics.ObservanceAt(vtimezone, onsets, t);
            var offset = Ics.Offset(observance.Raw("TZOFFSETTO"));
            Assert.True(system.GetUtcOffset(t) == offset, $"{zone} at {t:O}: system {system.GetUtcOffset(t)}, VTIMEZONE {offset}");
            Assert.True(system.IsDaylightSavingTime(t) == (observance.Name == "DAYLIGHT"), $"{zone} at {t:O}: daylight saving differs");
        }

        // Observances are in order, and each takes over from the offset of the one before.
        var observances = vtimezone.Children;
        Assert.All(observances, o => Assert.Contains(o.Name, new[] { "STANDARD", "DAYLIGHT" }));
        for (var i = 1; i < observances.Count; i++)
        {
            Assert.Equal(observances[i - 1].Raw("TZOFFSETTO"), observances[i].Raw("TZOFFSETFROM"));
            Assert.True(onsets[i - 1] < onsets[i]);
        }
    }

    [Fact]
    public void Each_zone_of_a_timed_session_gets_one_time_zone_before_the_events_in_order_of_first_use()
    {
        var calendar = Parse(ICalendar.Write("x",
        [
            Timed(new(2027, 5, 3), new(2027, 5, 4), "America/New_York"),
            AllDay(new(2027, 3, 1), new(2027, 3, 3)) with { TimeZone = "Asia/Tokyo" },
            Timed(new(2027, 7, 5), new(2027, 7, 9)),
            Timed(new(2027, 9, 1), new(2027, 9, 1), "America/New_York"),
        ]));

        Assert.Equal(["VTIMEZONE", "VTIMEZONE", "VEVENT", "VEVENT", "VEVENT", "VEVENT"], calendar.Children.Select(c => c.Name));
        Assert.Equal(["America/New_York", "Europe/London"], calendar.All("VTIMEZONE").Select(z => z.Raw("TZID")));
        Assert.Equal(
            ["DTSTART;TZID=America/New_York:20270503T090000", "DTSTART;VALUE=DATE:20270301", "DTSTART;TZID=Europe/London:20270705T090000", "DTSTART;TZID=America/New_York:20270901T090000"],
            calendar.All("VEVENT").Select(e => e.Line("DTSTART")));
    }

    [Fact]
    public void An_unknown_time_zone_is_refused_by_name()
    {
        var ex = Assert.Throws<ArgumentException>(() => ICalendar.Write("x", [Timed(new(2027, 7, 5), new(2027, 7, 9), "Mars/Olympus_Mons")]));
        Assert.Contains("Mars/Olympus_Mons", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_stamp_is_written_in_UTC()
    {
        var vevent = Parse(ICalendar.Write("x", [AllDay(new(2027, 3, 1), new(2027, 3, 1)) with { StampUtc = new DateTime(2026, 12, 31, 23, 59, 59, DateTimeKind.Utc) }])).One("VEVENT");
        Assert.Equal("20261231T235959Z", vevent.Raw("DTSTAMP"));
    }

    [Fact]
    public void Empty_description_and_location_and_absent_url_and_people_are_left_out()
    {
        var vevent = Parse(ICalendar.Write("x", [Timed(new(2027, 7, 5), new(2027, 7, 5))])).One("VEVENT");

        Assert.Equal(
            ["UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "SEQUENCE", "STATUS", "TRANSP"],
            vevent.Properties.Select(p => p.Name));
    }

    [Fact]
    public void Url_and_sequence_are_written_when_given()
    {
        var e = Timed(new(2027, 7, 5), new(2027, 7, 5)) with { Url = "https://pmopath.example/sessions/43?a=1;b=2,3", Sequence = 3 };
        var vevent = Parse(ICalendar.Write("x", [e])).One("VEVENT");

        Assert.Equal("https://pmopath.example/sessions/43?a=1;b=2,3", vevent.Raw("URL"));
        Assert.Equal("3", vevent.Raw("SEQUENCE"));
    }

    [Fact]
    public void An_invitation_names_the_organizer_and_the_attendee()
    {
        var e = AllDay(new(2027, 3, 1), new(2027, 3, 3)) with
        {
            OrganizerEmail = "training@pmopath.example", OrganizerName = "PmoPath Training",
            AttendeeEmail = "ann.smith@example.org", AttendeeName = "Ann Smith",
        };
        var calendar = Parse(ICalendar.Write("x", [e], "REQUEST"));
        var vevent = calendar.One("VEVENT");

        Assert.Equal("REQUEST", calendar.Raw("METHOD"));
        Assert.Equal("ORGANIZER;CN=PmoPath Training:mailto:training@pmopath.example", vevent.Line("ORGANIZER"));
        Assert.Equal("ATTENDEE;CN=Ann Smith;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:ann.smith@example.org", vevent.Line("ATTENDEE"));
        Assert.Equal("STATUS:CONFIRMED", vevent.Line("STATUS"));
    }

    [Fact]
    public void People_without_names_are_written_without_a_common_name()
    {
        var e = AllDay(new(2027, 3, 1), new(2027, 3, 3)) with { OrganizerEmail = "training@pmopath.example", AttendeeEmail = "ann@example.org" };
        var vevent = Parse(ICalendar.Write("x", [e], "REQUEST")).One("VEVENT");

        Assert.Equal("ORGANIZER:mailto:training@pmopath.example", vevent.Line("ORGANIZER"));
        Assert.Equal("ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:ann@example.org", vevent.Line("ATTENDEE"));
    }

    [Theory]
    [InlineData("Smith, Ann", "CN=\"Smith, Ann\"", "Smith, Ann")]
    [InlineData("PMO; Training", "CN=\"PMO; Training\"", "PMO; Training")]
    [InlineData("Training: PMO", "CN=\"Training: PMO\"", "Training: PMO")]
    [InlineData("Ann \"The PMO\" Smith", "CN=Ann The PMO Smith", "Ann The PMO Smith")]
    [InlineData("\"Smith, Ann\"", "CN=\"Smith, Ann\"", "Smith, Ann")]
    [InlineData("Zoë Ångström", "CN=Zoë Ångström", "Zoë Ångström")]
    public void A_common_name_is_quoted_when_it_holds_a_delimiter_and_never_holds_a_quote(string name, string param, string parsed)
    {
        var e = AllDay(new(2027, 3, 1), new(2027, 3, 3)) with { OrganizerEmail = "o@example.org", OrganizerName = name, AttendeeEmail = "a@example.org", AttendeeName = name };
        var vevent = Parse(ICalendar.Write("x", [e], "REQUEST")).One("VEVENT");

        Assert.Equal($"ORGANIZER;{param}:mailto:o@example.org", vevent.Line("ORGANIZER"));
        Assert.StartsWith($"ATTENDEE;{param};ROLE=", vevent.Line("ATTENDEE"), StringComparison.Ordinal);
        Assert.Equal(parsed, vevent.Get("ORGANIZER").Parameters["CN"]);
        Assert.Equal("mailto:a@example.org", vevent.Raw("ATTENDEE"));
        Assert.Equal("FALSE", vevent.Get("ATTENDEE").Parameters["RSVP"]);
    }

    [Fact]
    public void A_cancelled_session_has_status_cancelled()
    {
        var e = AllDay(new(2027, 3, 1), new(2027, 3, 3)) with { Cancelled = true, Sequence = 2 };
        var vevent = Parse(ICalendar.Write("x", [e])).One("VEVENT");

        Assert.Equal("CANCELLED", vevent.Raw("STATUS"));
        Assert.Equal("2", vevent.Raw("SEQUENCE"));
    }

    [Fact]
    public void A_cancel_message_cancels_every_event_it_carries()
    {
        var calendar = Parse(ICalendar.Write("x", [AllDay(new(2027, 3, 1), new(2027, 3, 3))], "CANCEL"));
        Assert.Equal("CANCEL", calendar.Raw("METHOD"));
        Assert.Equal("CANCELLED", calendar.One("VEVENT").Raw("STATUS"));
    }

    public static TheoryData<CalendarEvent> Unwritable => new()
    {
        AllDay(new(2027, 3, 3), new(2027, 3, 1)),
        AllDay(new(2027, 3, 1), new(2027, 3, 1)) with { DailyStart = new TimeOnly(9, 0) },
        AllDay(new(2027, 3, 1), new(2027, 3, 1)) with { DailyEnd = new TimeOnly(17, 0) },
        Timed(new(2027, 3, 1), new(2027, 3, 1)) with { DailyEnd = new TimeOnly(9, 0) },
        Timed(new(2027, 3, 1), new(2027, 3, 1)) with { DailyEnd = new TimeOnly(8, 0) },
        AllDay(new(2027, 3, 1), new(2027, 3, 1)) with { Uid = " " },
        AllDay(new(2027, 3, 1), new(2027, 3, 1)) with { Sequence = -1 },
    };

    [Theory]
    [MemberData(nameof(Unwritable))]
    public void An_event_that_cannot_be_written_is_refused(CalendarEvent e) =>
        Assert.Throws<ArgumentException>(() => ICalendar.Write("x", [e]));

    private static string Describe(IcsComponent observance) =>
        $"{observance.Name} {observance.Raw("DTSTART")} {observance.Raw("TZOFFSETFROM")} {observance.Raw("TZOFFSETTO")}";

    private static bool IsWellFormed(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]))
            {
                if (i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(s[i]))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>One content line: name, parameters (quotes removed) and the raw value.</summary>
public sealed record IcsProperty(string Name, IReadOnlyDictionary<string, string> Parameters, string Value, string Line);

/// <summary>A component (VCALENDAR, VEVENT, VTIMEZONE, STANDARD, ...) with its properties and sub-components.</summary>
public sealed class IcsComponent(string name)
{
    public string Name { get; } = name;
    public List<IcsProperty> Properties { get; } = [];
    public List<IcsComponent> Children { get; } = [];

    public IcsProperty? Find(string name) => Properties.SingleOrDefault(p => p.Name == name);
    public IcsProperty Get(string name) => Find(name) ?? throw new Xunit.Sdk.XunitException($"{Name} has no {name}");
    public string Raw(string name) => Get(name).Value;
    public string Line(string name) => Get(name).Line;
    public string Text(string name) => Ics.UnescapeText(Raw(name));
    public IEnumerable<IcsComponent> All(string name) => Children.Where(c => c.Name == name);
    public IcsComponent One(string name) => Assert.Single(All(name));
}

/// <summary>A deliberately small reader of what <see cref="ICalendar"/> writes, independent of its code.</summary>
public static class Ics
{
    /// <summary>Checks the CRLF line structure and joins folded lines (CRLF followed by one space).</summary>
    public static List<string> Unfold(string text)
    {
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        var lines = new List<string>();
        foreach (var physical in text[..^2].Split("\r\n"))
        {
            Assert.DoesNotContain('\n', physical);
            Assert.DoesNotContain('\r', physical);
            if (physical.StartsWith(' '))
            {
                Assert.NotEmpty(lines);
                lines[^1] += physical[1..];
            }
            else
            {
                lines.Add(physical);
            }
        }

        return lines;
    }

    public static IcsProperty ParseLine(string line)
    {
        // The name and parameters end at the first colon outside double quotes.
        var parts = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        var i = 0;
        for (; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '"')
            {
                quoted = !quoted;
                continue;
            }

            if (!quoted && (c == ';' || c == ':'))
            {
                parts.Add(current.ToString());
                current.Clear();
                if (c == ':')
                {
                    break;
                }

                continue;
            }

            current.Append(c);
        }

        Assert.False(quoted, $"unbalanced quotes in: {line}");
        Assert.True(i < line.Length, $"no value in: {line}");
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in parts.Skip(1))
        {
            var eq = p.IndexOf('=', StringComparison.Ordinal);
            Assert.True(eq > 0, $"a parameter without a value in: {line}");
            parameters.Add(p[..eq], p[(eq + 1)..]);
        }

        return new IcsProperty(parts[0], parameters, line[(i + 1)..], line);
    }

    public static IcsComponent Parse(string text)
    {
        var stack = new Stack<IcsComponent>();
        IcsComponent? root = null;
        foreach (var line in Unfold(text))
        {
            var property = ParseLine(line);
            if (property.Name == "BEGIN")
            {
                var component = new IcsComponent(property.Value);
                if (stack.Count == 0)
                {
                    Assert.Null(root);
                    root = component;
                }
                else
                {
                    stack.Peek().Children.Add(component);
                }

                stack.Push(component);
            }
            else if (property.Name == "END")
            {
                Assert.Equal(stack.Pop().Name, property.Value);
            }
            else
            {
                Assert.NotEmpty(stack);
                stack.Peek().Properties.Add(property);
            }
        }

        Assert.Empty(stack);
        Assert.NotNull(root);
        return root;
    }

    public static string UnescapeText(string value)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '\\')
            {
                Assert.True(value[i] is not (';' or ','), $"unescaped delimiter in: {value}");
                sb.Append(value[i]);
                continue;
            }

            Assert.True(i + 1 < value.Length, $"a trailing backslash in: {value}");
            sb.Append(value[++i] switch
            {
                '\\' => '\\',
                ';' => ';',
                ',' => ',',
                'n' or 'N' => '\n',
                var other => throw new Xunit.Sdk.XunitException($"unknown escape \\{other} in: {value}"),
            });
        }

        return sb.ToString();
    }

    public static TimeSpan Offset(string value)
    {
        Assert.Matches(@"^[+-]\d{4}(\d{2})?$", value);
        Assert.NotEqual("-0000", value);
        var magnitude = new TimeSpan(int.Parse(value[1..3], CultureInfo.InvariantCulture), int.Parse(value[3..5], CultureInfo.InvariantCulture),
            value.Length == 7 ? int.Parse(value[5..7], CultureInfo.InvariantCulture) : 0);
        return value[0] == '-' ? -magnitude : magnitude;
    }

    /// <summary>When each observance takes effect, in UTC: its DTSTART is wall time in the offset it replaces.</summary>
    public static List<DateTime> Onsets(IcsComponent vtimezone) =>
        [.. vtimezone.Children.Select(o => DateTime.SpecifyKind(
            DateTime.ParseExact(o.Raw("DTSTART"), "yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture) - Offset(o.Raw("TZOFFSETFROM")),
            DateTimeKind.Utc))];

    /// <summary>The observance in force at a UTC instant: the one with the latest onset not after it.</summary>
    public static IcsComponent ObservanceAt(IcsComponent vtimezone, DateTime utc) => ObservanceAt(vtimezone, Onsets(vtimezone), utc);

    public static IcsComponent ObservanceAt(IcsComponent vtimezone, IReadOnlyList<DateTime> onsets, DateTime utc)
    {
        var best = -1;
        for (var i = 0; i < onsets.Count; i++)
        {
            if (onsets[i] <= utc && (best < 0 || onsets[i] >= onsets[best]))
            {
                best = i;
            }
        }

        Assert.True(best >= 0, $"no observance in force at {utc:O}");
        return vtimezone.Children[best];
    }

    public static TimeSpan OffsetAt(IcsComponent vtimezone, DateTime utc) => Offset(ObservanceAt(vtimezone, utc).Raw("TZOFFSETTO"));
}
