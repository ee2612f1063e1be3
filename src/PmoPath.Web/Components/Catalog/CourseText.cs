namespace PmoPath.Web.Components.Catalog;

/// <summary>Short phrases the catalogue pages share; the domain's sentences live in <see cref="PmoPath.Catalog.CourseFacts"/>.</summary>
public static class CourseText
{
    /// <summary>"Level 4", "Levels 2 and 3", "Levels 2, 3 and 4".</summary>
    public static string Levels(IEnumerable<int> levels)
    {
        var sorted = levels.Order().Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        return sorted.Count switch
        {
            0 => "No level",
            1 => $"Level {sorted[0]}",
            _ => $"Levels {string.Join(", ", sorted[..^1])} and {sorted[^1]}",
        };
    }
}
