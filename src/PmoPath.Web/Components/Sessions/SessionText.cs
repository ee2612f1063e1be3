using System.Globalization;
using PmoPath.Sessions;

namespace PmoPath.Web.Components.Sessions;

/// <summary>The short phrases the session pages share; the rules behind them live in the Core services.</summary>
internal static class SessionText
{
    /// <summary>"£450", "€1,200.50", "1,995 CHF", "Free".</summary>
    public static string Price(decimal price, string currency)
    {
        if (price == 0)
            return "Free";
        var amount = price.ToString(decimal.Truncate(price) == price ? "#,0" : "#,0.00", CultureInfo.InvariantCulture);
        return currency switch
        {
            "GBP" => $"£{amount}",
            "EUR" => $"€{amount}",
            "USD" => $"US${amount}",
            _ => $"{amount} {currency}",
        };
    }

    public static string Price(SessionView s) => Price(s.Price, s.Currency);

    /// <summary>For lists: "3 of 10 seats left", or that it is full.</summary>
    public static string SeatsLeft(SessionView s) =>
        s.SeatsLeft > 0 ? $"{s.SeatsLeft} of {s.Seats} {Seats(s.Seats)} left" : "Full — join the waitlist";

    /// <summary>For the session page: "10 seats: 7 confirmed, 2 on the waitlist".</summary>
    public static string SeatCounts(SessionView s) =>
        $"{s.Seats} {Seats(s.Seats)}: {s.Confirmed} confirmed, {s.Waitlisted} on the waitlist";

    public static string Delivery(SessionDelivery delivery) => delivery switch
    {
        SessionDelivery.Classroom => "Classroom",
        SessionDelivery.Virtual => "Virtual (online)",
        SessionDelivery.Residential => "Residential",
        _ => delivery.ToString(),
    };

    /// <summary>The value a form posts for a delivery: the API's kebab-case name.</summary>
    public static string Value(SessionDelivery delivery) => delivery.ToString().ToLowerInvariant();

    public static string Status(BookingView b) => b.Status switch
    {
        BookingStatus.Confirmed => "Confirmed",
        BookingStatus.Waitlisted => b.WaitlistPosition is { } n ? $"On the waitlist: number {n}" : "On the waitlist",
        _ => "Cancelled",
    };

    public static string Date(DateOnly date) => date.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>The machine-readable form for <c>&lt;time datetime&gt;</c> and date inputs.</summary>
    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Iso(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    private static string Seats(int n) => n == 1 ? "seat" : "seats";
}
