using System.Globalization;

namespace PmoPath.Testing;

/// <summary>Dates as the API and the forms write them (<c>yyyy-MM-dd</c>); <c>using static</c> it in a test class.</summary>
public static class TestDates
{
    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
