using System.Globalization;
using System.Text.Json;
using PmoPath.Exchange;
using PmoPath.Framework;

namespace PmoPath.Catalog;

/// <summary>
/// The catalogue's filters, parsed from text as the API, the pages and the CLI receive them, with an
/// error naming the bad parameter.
/// </summary>
public sealed record CatalogFilter(int? Level, CourseKind? Kind, string? Body, CatalogFilter.Problem? Error = null)
{
    public sealed record Problem(string Field, string Message);

    /// <summary>Only courses offered in this format.</summary>
    public DeliveryFormat? Delivery { get; init; }

    /// <summary>Only courses of at most this many days: the question a practitioner asks when time off is short.</summary>
    public int? MaxDays { get; init; }

    public static CatalogFilter Parse(string? level, string? kind, string? body, FrameworkSnapshot framework) =>
        Parse(level, kind, body, delivery: null, length: null, framework);

    /// <param name="delivery">A delivery format as in the framework file: <c>classroom</c>, <c>in-house</c>, ...</param>
    /// <param name="length">The most days a course may last, a whole number.</param>
    public static CatalogFilter Parse(string? level, string? kind, string? body, string? delivery, string? length, FrameworkSnapshot framework)
    {
        int? levelNumber = null;
        if (!string.IsNullOrWhiteSpace(level))
        {
            if (!int.TryParse(level, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || !CareerLevel.IsValid(n))
                return Invalid("level", $"'{level}' is not a career level: use {CareerLevel.Lowest} to {CareerLevel.Highest}.");
            levelNumber = n;
        }

        CourseKind? courseKind = null;
        if (!string.IsNullOrWhiteSpace(kind))
        {
            courseKind = kind.Trim().ToLowerInvariant() switch
            {
                "certification" => CourseKind.Certification,
                "specialist" => CourseKind.Specialist,
                "external" => CourseKind.External,
                _ => null,
            };
            if (courseKind is null)
                return Invalid("kind", $"'{kind}' is not a kind of course: use certification, specialist or external.");
        }

        string? bodyCode = null;
        if (!string.IsNullOrWhiteSpace(body))
        {
            bodyCode = body.Trim().ToLowerInvariant();
            if (!framework.BodyByCode.ContainsKey(bodyCode))
                return Invalid("body", $"'{body}' is not a certification body: use one of {string.Join(", ", framework.Bodies.Select(b => b.Code))}.");
        }

        DeliveryFormat? format = null;
        if (!string.IsNullOrWhiteSpace(delivery))
        {
            var code = delivery.Trim().ToLowerInvariant();
            format = Enum.GetValues<DeliveryFormat>().Cast<DeliveryFormat?>().FirstOrDefault(f => DeliveryCode(f!.Value) == code);
            if (format is null)
                return Invalid("delivery", $"'{delivery}' is not a delivery format: use one of {string.Join(", ", Enum.GetValues<DeliveryFormat>().Select(DeliveryCode))}.");
        }

        int? maxDays = null;
        if (!string.IsNullOrWhiteSpace(length))
        {
            if (!int.TryParse(length, NumberStyles.Integer, CultureInfo.InvariantCulture, out var days) || days < 1 || days > FrameworkValidator.MaxDurationDays)
                return Invalid("length", $"'{length}' is not a course length: give the most days a course may last, 1 to {FrameworkValidator.MaxDurationDays:0}.");
            maxDays = days;
        }

        return new CatalogFilter(levelNumber, courseKind, bodyCode) { Delivery = format, MaxDays = maxDays };
    }

    public IEnumerable<Course> Apply(IEnumerable<Course> courses, bool includeRetired = false) => courses.Where(c =>
        (includeRetired || !c.Retired)
        && (Level is null || c.Levels.Contains(Level.Value))
        // Certifications held elsewhere are recordable, not offered: listed only when asked for by kind.
        && (Kind is null ? c.Kind != CourseKind.External : c.Kind == Kind)
        && (Body is null || c.Body == Body)
        && (Delivery is null || c.Delivery.Contains(Delivery.Value))
        && (MaxDays is null || c.DurationDays <= MaxDays.Value));

    /// <summary>
    /// The delivery format as it is written in URLs and the framework file (<c>in-house</c>); derived from the
    /// same naming policy as the JSON so the two cannot drift apart.
    /// </summary>
    public static string DeliveryCode(DeliveryFormat format) => JsonNamingPolicy.KebabCaseLower.ConvertName(format.ToString());

    private static CatalogFilter Invalid(string field, string message) => new(null, null, null, new Problem(field, message));
}
