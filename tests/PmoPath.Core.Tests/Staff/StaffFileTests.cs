using System.Text;
using PmoPath.Exchange;
using PmoPath.Framework;
using PmoPath.Staff;

namespace PmoPath.Core.Tests.Staff;

/// <summary>Reading an HR system's staff CSV: encodings, delimiters, quoting, Excel's habits and physical line numbers.</summary>
public sealed class StaffFileTests
{
    private static StaffFile Read(string text, bool bom = false) =>
        StaffFile.Read([.. bom ? [0xEF, 0xBB, 0xBF] : Array.Empty<byte>(), .. Encoding.UTF8.GetBytes(text)]);

    [Fact]
    public void Header_names_are_matched_ignoring_case_spaces_underscores_and_hyphens()
    {
        var file = Read("Employee ID,E-mail,NAME,Manager_Email,job title,Cost centre\nE1,a@x.test,Ann,,Analyst,CC9\n");
        Assert.Empty(file.Problems);
        var row = Assert.Single(file.Rows);
        Assert.Equal("E1", row[StaffColumns.EmployeeId]);
        Assert.Equal("a@x.test", row[StaffColumns.Email]);
        Assert.Equal("Analyst", row[StaffColumns.JobTitle]);
        Assert.Equal("", row[StaffColumns.Level]);
        Assert.Equal(["Cost centre"], file.IgnoredColumns);
    }

    [Fact]
    public void Quoted_cells_keep_commas_quotes_and_line_breaks_and_later_rows_keep_their_physical_line()
    {
        var file = Read("employee_id,email,name,job_title\nE1,a@x.test,\"Smith, Ann\",\"Analyst,\nreporting\"\nE2,b@x.test,\"Bob \"\"the builder\"\"\",\n");
        Assert.Empty(file.Problems);
        Assert.Equal("Smith, Ann", file.Rows[0][StaffColumns.Name]);
        Assert.Equal("Analyst,\nreporting", file.Rows[0][StaffColumns.JobTitle]);
        Assert.Equal(2, file.Rows[0].Line);
        Assert.Equal("Bob \"the builder\"", file.Rows[1][StaffColumns.Name]);
        Assert.Equal(4, file.Rows[1].Line);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void UTF8_is_read_with_or_without_a_byte_order_mark(bool bom)
    {
        var file = Read("employee_id,email,name\nE1,zoe@x.test,Zoë Ångström\n", bom);
        Assert.Empty(file.Problems);
        Assert.Equal("Zoë Ångström", Assert.Single(file.Rows)[StaffColumns.Name]);
        Assert.Equal("E1", file.Rows[0][StaffColumns.EmployeeId]);
    }

    [Fact]
    public void Semicolons_are_detected_from_the_header_line_and_excel_text_cells_are_unwrapped()
    {
        var file = Read("Employee ID;Email;Name;Certificates\r\n=\"00123\";a@x.test;\"Ann, Jr\";\"axelos-p3o-foundation:2024-03-01;aipmo-ipmo-foundation:2023-05-10\"\r\n\"=\"\"00124\"\"\";b@x.test;Bob;\r\n");
        Assert.Empty(file.Problems);
        Assert.Equal(';', file.Delimiter);
        Assert.Equal("00123", file.Rows[0][StaffColumns.EmployeeId]);
        Assert.Equal("Ann, Jr", file.Rows[0][StaffColumns.Name]);
        Assert.Equal("axelos-p3o-foundation:2024-03-01;aipmo-ipmo-foundation:2023-05-10", file.Rows[0][StaffColumns.Certificates]);
        Assert.Equal("00124", file.Rows[1][StaffColumns.EmployeeId]);
        Assert.Equal(3, file.Rows[1].Line);
    }

    [Fact]
    public void Tabs_are_detected_and_an_excel_sep_line_names_the_delimiter()
    {
        Assert.Equal('\t', Read("employee_id\temail\tname\nE1\ta@x.test\tAnn\n").Delimiter);
        var file = Read("sep=;\nemployee_id;email;name;notes,a,b,c\nE1;a@x.test;Ann\n");
        Assert.Empty(file.Problems);
        Assert.Equal(';', file.Delimiter);
        Assert.Equal(3, Assert.Single(file.Rows).Line);
    }

    [Fact]
    public void Blank_lines_and_rows_of_empty_cells_are_skipped_but_counted_as_lines()
    {
        var file = Read("\nemployee_id,email,name\n\n,,\nE1,a@x.test,Ann\n   \nE2,b@x.test,Bob");
        Assert.Empty(file.Problems);
        Assert.Equal([5, 7], file.Rows.Select(r => r.Line));
    }

    [Fact]
    public void Invalid_UTF8_is_refused_naming_its_line()
    {
        var bytes = Encoding.UTF8.GetBytes("employee_id,email,name\nE1,a@x.test,Ann\nE2,b@x.test,Ren");
        byte[] latin1 = [.. bytes, 0xE9, .. "e\n"u8];
        var problem = Assert.Single(StaffFile.Read(latin1).Problems);
        Assert.Equal(3, problem.Line);
        Assert.Contains("not UTF-8", problem.Message, StringComparison.Ordinal);
        Assert.Contains("0xE9", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UTF16_is_refused_clearly()
    {
        var problem = Assert.Single(StaffFile.Read([0xFF, 0xFE, .. Encoding.Unicode.GetBytes("employee_id,email,name\n")]).Problems);
        Assert.Contains("UTF-16", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_without_a_required_column_names_each_missing_column_on_line_1()
    {
        var problems = Read("staff number,email,full name\n1,a@x.test,Ann\n").Problems;
        Assert.Equal(["line 1, employee_id", "line 1, name"], problems.Select(p => $"line {p.Line}, {p.Column}"));
    }

    [Fact]
    public void A_column_named_twice_is_refused()
    {
        var problem = Assert.Single(Read("employee_id,email,name,Email\nE1,a@x.test,Ann,b@x.test\n").Problems);
        Assert.Equal((1, StaffColumns.Email), (problem.Line, problem.Column));
    }

    [Fact]
    public void An_empty_file_and_a_header_without_rows_are_refused()
    {
        Assert.Contains("empty", Assert.Single(Read("").Problems).Message, StringComparison.Ordinal);
        Assert.Contains("no rows", Assert.Single(Read("employee_id,email,name\n\n").Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_with_more_cells_than_the_header_is_a_row_problem_but_trailing_empty_cells_are_not()
    {
        var file = Read("employee_id,email,name\nE1,a@x.test,Ann,,\nE2,b@x.test,Smith, Bob\n");
        var problem = Assert.Single(file.Problems);
        Assert.Equal(3, problem.Line);
        Assert.Contains("quote a cell", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_over_the_size_limit_is_refused_before_it_is_read()
    {
        var problem = Assert.Single(StaffFile.Read(new byte[StaffFile.MaxBytes + 1]).Problems);
        Assert.Null(problem.Line);
        Assert.Contains("20 MB", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_over_the_size_limit_is_refused_without_reading_it_all()
    {
        await using var file = new MemoryStream(new byte[StaffFile.MaxBytes + 100_000]);
        Assert.Contains("20.1 MB", Assert.Single((await StaffFile.ReadAsync(file)).Problems).Message, StringComparison.Ordinal);
        Assert.Equal(0, file.Position);

        // A request body cannot tell its length: it is read up to the limit and no further.
        await using var body = new ForwardOnly(new MemoryStream(new byte[StaffFile.MaxBytes + 100_000]));
        Assert.Contains("larger than 20 MB", Assert.Single((await StaffFile.ReadAsync(body)).Problems).Message, StringComparison.Ordinal);
        Assert.True(body.Inner.Position < body.Inner.Length);
    }

    private sealed class ForwardOnly(MemoryStream inner) : Stream
    {
        public MemoryStream Inner => inner;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public void A_file_over_the_row_limit_is_refused_naming_the_first_row_too_many()
    {
        var text = new StringBuilder("employee_id,email,name\n");
        for (var i = 0; i <= StaffFile.MaxRows; i++)
            text.Append(i).Append(",p").Append(i).Append("@x.test,P\n");
        var problem = Assert.Single(Read(text.ToString()).Problems);
        Assert.Equal(StaffFile.MaxRows + 2, problem.Line);
        Assert.Contains("200,000", problem.Message, StringComparison.Ordinal);
    }
}

/// <summary>Checking a staff file's rows: every bad row is reported with its physical line and the column.</summary>
public sealed class StaffValidatorTests
{
    private static readonly FrameworkSnapshot Framework = new(FrameworkJson.ReadDefault());
    private static readonly DateOnly Today = new(2025, 6, 1);

    private static (List<StaffEntry> Entries, List<StaffProblem> Problems) Validate(string text)
    {
        var file = StaffFile.Read(Encoding.UTF8.GetBytes(text));
        Assert.Empty(file.Problems);
        var problems = new List<StaffProblem>();
        return (StaffValidator.Validate(file.Rows, Framework, Today, problems), problems);
    }

    [Fact]
    public void A_good_row_becomes_an_entry_with_typed_values()
    {
        var (entries, problems) = Validate("""
            employee_id,email,name,team,manager_email,job_title,level,pmo_type,certificates
            E1,ann@x.test,Ann,Alpha,max@x.test,PMO analyst,2,Programme office,axelos-p3o-foundation:2024-03-01;aipmo-ipmo-foundation:2023-05-10
            E2,max@x.test,Max,,,,3,portfolio-office,
            """);
        Assert.Empty(problems);
        var ann = entries[0];
        Assert.Equal((2, "programme-office", "Alpha", "max@x.test"), (ann.Level!.Value, ann.PmoType!, ann.Team!, ann.ManagerEmail!));
        Assert.Equal([new StaffCertificate("axelos-p3o-foundation", new DateOnly(2024, 3, 1)), new StaffCertificate("aipmo-ipmo-foundation", new DateOnly(2023, 5, 10))], ann.Certificates);
        Assert.Null(entries[1].Team);
        Assert.Empty(entries[1].Certificates);
    }

    [Fact]
    public void Every_bad_row_is_reported_with_its_line_and_column_and_only_good_rows_become_entries()
    {
        var (entries, problems) = Validate("""
            employee_id,email,name,team,manager_email,level,pmo_type,certificates
            E1,ann@x.test,Ann,Alpha,max@x.test,2,project-office,
            ,bob@x.test,Bob,,,,,
            E3,not-an-email,Cy,,,,,
            E1,dee@x.test,Dee,,,,,
            E5,ANN@x.test,Eve,,,,,
            E6,fay@x.test,,,,5,,
            E7,gus@x.test,Gus,,,,circus-office,
            E8,hal@x.test,Hal,,,,,prince9:2024-01-01
            E9,ida@x.test,Ida,,,,,axelos-p3o-foundation:2024-13-01
            E10,jo@x.test,Jo,,,,,axelos-p3o-foundation:2030-01-01
            E11,kim@x.test,Kim,,,,,agile-pmo:2024-01-01
            E12,lu@x.test,Lu,,,,,axelos-p3o-foundation
            E13,max@x.test,Max,Beta,max@x.test,,,
            E14,ned@x.test,Ned,,max@x.test,,,
            E15,oz@x.test,Oz,Alpha,ned@x.test,,,
            E16,pam@x.test,Pam,Alpha,MAX@x.test,three,,
            """);
        Assert.Equal(["E1"], entries.Select(e => e.EmployeeId));
        string[] expected =
        [
            "line 3, employee_id: employee_id is required.",
            "line 4, email: 'not-an-email' is not an email address.",
            "line 5, employee_id: 'E1' is also the employee id on line 2; each person has one row.",
            "line 6, email: 'ANN@x.test' is also the email on line 2; two people cannot share one.",
            "line 7, name: name is required.",
            "line 7, level: '5' is not a level (1-4).",
            "line 8, pmo_type: 'circus-office' is not a PMO type: use one of project-office, programme-office, portfolio-office, enterprise-pmo, centre-of-excellence, agile-delivery-office.",
            "line 9, certificates: 'prince9' is not a course code of the catalogue.",
            "line 10, certificates: '2024-13-01' is not a date (yyyy-mm-dd) for axelos-p3o-foundation.",
            "line 11, certificates: 2030-01-01 is in the future for axelos-p3o-foundation.",
            "line 12, certificates: 'agile-pmo' is a specialist course, not a certification.",
            "line 13, certificates: 'axelos-p3o-foundation' is not code:date, e.g. axelos-p3o-foundation:2024-03-01.",
            "line 14, manager_email: a person cannot manage themselves: give the manager of the team this person works in.",
            "line 15, manager_email: a manager manages a team: give the row's team too.",
            "line 16, manager_email: team 'Alpha' is managed by max@x.test on line 2; a team has one manager.",
            "line 17, level: 'three' is not a level (1-4).",
        ];
        Assert.Equal(expected, problems.Select(p => p.ToString()));
    }

    [Fact]
    public void A_cell_with_a_line_break_points_at_an_open_quote_on_the_line_where_the_row_starts()
    {
        var (_, problems) = Validate("employee_id,email,name\nE1,a@x.test,\"Ann\nE2,b@x.test,Bob\n");
        var problem = Assert.Single(problems);
        Assert.Equal((2, StaffColumns.Name), (problem.Line, problem.Column));
        Assert.Contains("quote", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Over_long_cells_are_refused_naming_the_limit()
    {
        var (_, problems) = Validate($"employee_id,email,name\n{new string('9', 65)},a@x.test,Ann\n");
        Assert.Equal("line 2, employee_id: at most 64 characters (65 given).", Assert.Single(problems).ToString());
    }

    [Fact]
    public void Problem_keys_name_the_line_and_column_for_the_API()
    {
        Assert.Equal("line 7: level", new StaffProblem(7, "level", "x").Key);
        Assert.Equal("line 7", new StaffProblem(7, null, "x").Key);
        Assert.Equal("file", new StaffProblem(null, null, "x").Key);
    }
}
