namespace PmoPath.Data;

/// <summary>
/// A data-protection key ring entry (the XML ASP.NET Core writes). Kept in the database so that every web
/// instance and the CLI share the keys: a cookie issued by one instance, or an invitation link made by
/// the CLI, is read by any other.
/// </summary>
public sealed class DataProtectionKey
{
    public int Id { get; set; }
    public string FriendlyName { get; set; } = "";
    public string Xml { get; set; } = "";
}
