using System.Globalization;
using System.Text;
using System.Text.Unicode;
using CsvHelper;
using CsvHelper.Configuration;

namespace PmoPath.Staff;

/// <summary>
/// One problem with a staff file: the physical line of the CSV (the header is line 1; a quoted cell that
/// spans lines is reported at the line where its row starts), the column as the README names it, and
/// what is wrong. A problem with the whole file (its size, its encoding) has no column, and no line
/// when none can be named.
/// </summary>
public sealed record StaffProblem(int? Line, string? Column, string Message)
{
    /// <summary>The key of the API's error dictionary: <c>line 7: level</c>, <c>line 7</c> or <c>file</c>.</summary>
    public string Key => (Line, Column) switch
    {
        ({ } line, { } column) => $"line {line}: {column}",
        ({ } line, null) => $"line {line}",
        (null, { } column) => column,
        _ => "file",
    };

    /// <summary>As the CLI prints it: <c>line 7, level: '5' is not a level (1-4)</c>.</summary>
    public override string ToString() => (Line, Column) switch
    {
        ({ } line, { } column) => $"line {line}, {column}: {Message}",
        ({ } line, null) => $"line {line}: {Message}",
        (null, { } column) => $"{column}: {Message}",
        _ => $"file: {Message}",
    };
}

/// <summary>The columns of a staff file (documented in the README's "Staff import" section).</summary>
public static class StaffColumns
{
    public const string EmployeeId = "employee_id";
    public const string Email = "email";
    public const string Name = "name";
    public const string Team = "team";
    public const string ManagerEmail = "manager_email";
    public const string JobTitle = "job_title";
    public const string Level = "level";
    public const string PmoType = "pmo_type";
    public const string Certificates = "certificates";

    private static readonly string[] Columns = [EmployeeId, Email, Name, Team, ManagerEmail, JobTitle, Level, PmoType, Certificates];

    public static IReadOnlyList<string> All => Columns;
    public static IReadOnlyList<string> Required { get; } = [EmployeeId, Email, Name];

    /// <summary>The column's position in <see cref="All"/>.</summary>
    public static int IndexOf(string column) => Array.IndexOf(Columns, column);

    /// <summary>
    /// The column a header cell names, or null: case is ignored and so are spaces, underscores and hyphens,
    /// so "Employee ID", "employee-id" and "EMPLOYEE_ID" are all <see cref="EmployeeId"/>.
    /// </summary>
    public static string? Match(string header)
    {
        var key = Normalise(header);
        return All.FirstOrDefault(c => Normalise(c) == key);
    }

    private static string Normalise(string text) =>
        string.Concat(text.Where(c => !char.IsWhiteSpace(c) && c is not ('_' or '-'))).ToLowerInvariant();
}

/// <summary>One data row of a staff file: its physical line and its cells by column, cleaned but not yet checked.</summary>
public sealed class StaffFileRow(int line, string[] cells)
{
    public int Line { get; } = line;

    /// <summary>The cell of a column (see <see cref="StaffColumns"/>): trimmed, never null, "" when empty or absent.</summary>
    public string this[string column] => cells[StaffColumns.IndexOf(column)];
}

/// <summary>
/// A staff file read from bytes: UTF-8 (with or without a byte-order mark), comma-, semicolon- or
/// tab-separated (the delimiter is the one the header line uses most, or the one an Excel <c>sep=</c> line
/// names), quoted cells with delimiters, quotes and line breaks (RFC 4180). Excel's text cells
/// (<c>="00123"</c>) are unwrapped, blank lines are skipped, and columns PmoPath does not read are ignored.
/// Reading checks the file's shape only; <see cref="StaffValidator"/> checks the values.
/// </summary>
public sealed class StaffFile
{
    /// <summary>The largest file accepted: 20 MiB, about 100 bytes a row for the largest number of rows.</summary>
    public const int MaxBytes = 20 * 1024 * 1024;

    /// <summary>The most data rows a file may have.</summary>
    public const int MaxRows = 200_000;

    private StaffFile(List<StaffFileRow> rows, List<StaffProblem> problems, List<string> ignoredColumns, char delimiter)
    {
        Rows = rows;
        Problems = problems;
        IgnoredColumns = ignoredColumns;
        Delimiter = delimiter;
    }

    public IReadOnlyList<StaffFileRow> Rows { get; }

    /// <summary>Problems with the file as a whole or its shape; a file with any is imported not at all.</summary>
    public IReadOnlyList<StaffProblem> Problems { get; }

    /// <summary>Header cells that name no column PmoPath reads, as written.</summary>
    public IReadOnlyList<string> IgnoredColumns { get; }

    public char Delimiter { get; }

    /// <summary>Reads at most <see cref="MaxBytes"/> (plus one, to tell a file that is too large) from the stream.</summary>
    public static async Task<StaffFile> ReadAsync(Stream stream, CancellationToken ct = default)
    {
        if (stream.CanSeek && stream.Length - stream.Position is var length && length > MaxBytes)
            return TooLarge(length);
        var buffer = stream.CanSeek ? new MemoryStream((int)(stream.Length - stream.Position)) : new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBytes)
                return TooLarge(null);
        }
        return Read(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    public static StaffFile Read(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxBytes)
            return TooLarge(bytes.Length);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            return Refused(new StaffProblem(null, null, "the file is UTF-16 (Excel's 'Unicode text'); save it as 'CSV UTF-8 (comma delimited)'."));
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            bytes = bytes[3..];
        if (!Utf8.IsValid(bytes))
        {
            var (line, value) = FirstInvalidUtf8(bytes);
            return Refused(new StaffProblem(line, null,
                $"the file is not UTF-8 (byte 0x{value:X2} cannot be read); save it as 'CSV UTF-8 (comma delimited)' and try again. Nothing was read."));
        }
        return Parse(Encoding.UTF8.GetString(bytes));
    }

    private static StaffFile Parse(string text)
    {
        var rows = new List<StaffFileRow>();
        var problems = new List<StaffProblem>();
        var ignored = new List<string>();

        // Excel writes "sep=;" as a first line to name the delimiter; honour it and read on from the next line.
        var firstLine = 1;
        char? named = null;
        if (text.StartsWith("sep=", StringComparison.OrdinalIgnoreCase) && text.Length > 4 && text[4] is not ('\r' or '\n'))
        {
            named = text[4];
            var end = text.IndexOf('\n', StringComparison.Ordinal);
            text = end < 0 ? "" : text[(end + 1)..];
            firstLine = 2;
        }
        var delimiter = named ?? DetectDelimiter(text);

        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = delimiter.ToString(),
            DetectDelimiter = false,
            Mode = CsvMode.RFC4180,
            IgnoreBlankLines = true,
            // A quote inside an unquoted cell (="00123") is data, not an error.
            BadDataFound = null,
        };
        using var reader = new StringReader(text);
        using var parser = new CsvParser(reader, config);

        // Where each column of the file goes among StaffColumns.All; -1 for an ignored column.
        int[]? map = null;
        var headerLine = 0;
        while (parser.Read())
        {
            var record = parser.Record ?? [];
            var line = firstLine - 1 + StartLine(parser.RawRow, record);
            if (record.All(string.IsNullOrWhiteSpace))
                continue;
            if (map is null)
            {
                headerLine = line;
                map = ReadHeader(record, line, problems, ignored);
                if (problems.Count > 0)
                    return new StaffFile(rows, problems, ignored, delimiter);
                continue;
            }
            if (rows.Count == MaxRows)
            {
                problems.Add(new StaffProblem(line, null, $"the file has more than {MaxRows:N0} rows, the most one import takes; split it by team or department."));
                return new StaffFile(rows, problems, ignored, delimiter);
            }
            var cells = new string[StaffColumns.All.Count];
            Array.Fill(cells, "");
            for (var i = 0; i < record.Length; i++)
            {
                if (i >= map.Length)
                {
                    if (!string.IsNullOrWhiteSpace(record[i]))
                    {
                        problems.Add(new StaffProblem(line, null, $"the row has {record.Length} cells but the header has {map.Length}; quote a cell that holds a '{Show(delimiter)}'."));
                        break;
                    }
                    continue;
                }
                if (map[i] >= 0)
                    cells[map[i]] = Clean(record[i]);
            }
            rows.Add(new StaffFileRow(line, cells));
        }
        if (map is null)
            problems.Add(new StaffProblem(null, null, $"the file is empty; the first line must name the columns ({string.Join(", ", StaffColumns.All)})."));
        else if (rows.Count == 0 && problems.Count == 0)
            problems.Add(new StaffProblem(headerLine, null, "the file has a header but no rows; an empty file is never taken to mean 'nobody works here'."));
        return new StaffFile(rows, problems, ignored, delimiter);
    }

    private static int[] ReadHeader(string[] record, int line, List<StaffProblem> problems, List<string> ignored)
    {
        var map = new int[record.Length];
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < record.Length; i++)
        {
            var header = Clean(record[i]);
            var column = StaffColumns.Match(header);
            if (column is null)
            {
                map[i] = -1;
                if (header.Length > 0)
                    ignored.Add(header);
                continue;
            }
            if (seen.TryGetValue(column, out var first))
                problems.Add(new StaffProblem(line, column, $"the header names this column twice ('{first}' and '{header}')."));
            seen.TryAdd(column, header);
            map[i] = StaffColumns.IndexOf(column);
        }
        foreach (var required in StaffColumns.Required.Where(c => !seen.ContainsKey(c)))
            problems.Add(new StaffProblem(line, required, $"the header has no {required} column; the columns are {string.Join(", ", StaffColumns.All)} (case, spaces and underscores do not matter)."));
        return map;
    }

    /// <summary>
    /// CsvHelper counts physical lines up to the end of the record it has read; a record spans more than one
    /// line only through line breaks inside quoted cells, so its first line is the last less those.
    /// </summary>
    private static int StartLine(int rawRow, string[] record)
    {
        var breaks = 0;
        foreach (var cell in record)
        {
            if (cell.AsSpan().IndexOfAny('\r', '\n') < 0)
                continue;
            for (var i = 0; i < cell.Length; i++)
                if (cell[i] == '\n' || (cell[i] == '\r' && (i + 1 == cell.Length || cell[i + 1] != '\n')))
                    breaks++;
        }
        return rawRow - breaks;
    }

    /// <summary>The delimiter the header line uses most, outside quotes: comma, semicolon (Excel in much of Europe) or tab.</summary>
    private static char DetectDelimiter(string text)
    {
        int commas = 0, semicolons = 0, tabs = 0;
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"')
                quoted = !quoted;
            else if (!quoted && c is '\n' or '\r')
            {
                if (commas + semicolons + tabs > 0)
                    break;
            }
            else if (!quoted)
            {
                if (c == ',')
                    commas++;
                else if (c == ';')
                    semicolons++;
                else if (c == '\t')
                    tabs++;
            }
        }
        return semicolons > commas && semicolons >= tabs ? ';' : tabs > commas && tabs > semicolons ? '\t' : ',';
    }

    /// <summary>Trims a cell and unwraps Excel's way of keeping leading zeros, <c>="00123"</c>, to <c>00123</c>.</summary>
    internal static string Clean(string cell)
    {
        var value = cell.Trim();
        if (value.Length >= 3 && value.StartsWith("=\"", StringComparison.Ordinal) && value[^1] == '"')
            value = value[2..^1].Replace("\"\"", "\"", StringComparison.Ordinal).Trim();
        return value;
    }

    private static (int Line, byte Value) FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        var offset = 0;
        while (offset < bytes.Length)
        {
            if (System.Text.Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
                break;
            offset += consumed;
        }
        // Lines are counted as the CSV counts them; a BOM, if any, was already taken off.
        return (1 + bytes[..offset].Count((byte)'\n'), offset < bytes.Length ? bytes[offset] : (byte)0);
    }

    private static string Show(char delimiter) => delimiter == '\t' ? "tab" : delimiter.ToString();

    private static StaffFile TooLarge(long? bytes) => Refused(new StaffProblem(null, null,
        (bytes is { } n ? $"the file is {n / 1024.0 / 1024.0:0.0} MB" : "the file is larger than 20 MB") +
        $"; the most one import takes is {MaxBytes / 1024 / 1024} MB and {MaxRows:N0} rows. Split it by team or department."));

    private static StaffFile Refused(StaffProblem problem) => new([], [problem], [], ',');
}
