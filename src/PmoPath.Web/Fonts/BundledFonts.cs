using PdfSharp.Fonts;

namespace PmoPath.Web.Fonts;

/// <summary>
/// The fonts PDFs are drawn with, from this assembly rather than the server: Liberation Sans 2 (SIL Open Font
/// License 1.1, see LICENSE-LiberationSans.txt beside the files), regular and bold. PDFsharp has no font of its
/// own on Linux, so without this a PDF would depend on what the server has installed. Every family asked for
/// resolves to Liberation Sans, whose metrics match Arial and Helvetica.
/// </summary>
public sealed class BundledFonts : IFontResolver
{
    public const string Family = "Liberation Sans";
    private const string Regular = "LiberationSans-Regular";
    private const string Bold = "LiberationSans-Bold";

    private static readonly Lock Gate = new();
    private static readonly BundledFonts Instance = new();

    private BundledFonts()
    {
    }

    /// <summary>
    /// Makes these fonts PDFsharp's for the whole process. PDFsharp's resolver is process-wide and may only be set
    /// again with the same instance, so every app in the process (tests start several) shares this one.
    /// </summary>
    public static void Use()
    {
        lock (Gate)
        {
            if (!ReferenceEquals(GlobalFontSettings.FontResolver, Instance))
                GlobalFontSettings.FontResolver = Instance;
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        // No italic face is bundled: italic is simulated by PDFsharp on the regular or bold face.
        new(bold ? Bold : Regular, mustSimulateBold: false, mustSimulateItalic: italic);

    public byte[]? GetFont(string faceName)
    {
        if (faceName is not (Regular or Bold))
            return null;
        using var stream = typeof(BundledFonts).Assembly.GetManifestResourceStream($"PmoPath.Web.Fonts.{faceName}.ttf")
            ?? throw new InvalidOperationException($"The font {faceName}.ttf is not embedded in {typeof(BundledFonts).Assembly.GetName().Name}.");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }
}
