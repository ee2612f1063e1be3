using PmoPath.Exchange;

namespace PmoPath.Core.Tests.Framework;

public class FrameworkJsonTests
{
    [Fact]
    public void Writing_the_default_gives_back_the_shipped_file_byte_for_byte() =>
        Assert.Equal(FrameworkJson.ReadDefaultText(), FrameworkJson.Write(FrameworkJson.ReadDefault()));

    [Fact]
    public void Malformed_JSON_is_refused_with_the_line_and_path()
    {
        var ex = Assert.Throws<FrameworkImportException>(() => FrameworkJson.Read("{\n  \"formatVersion\": 1,\n  \"levels\": [ { \"number\": \"two\" } ]\n}"));
        var problem = Assert.Single(ex.Problems);
        Assert.Equal("$.levels[0].number", problem.Path);
        Assert.Contains("line 3", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_field_is_refused_rather_than_silently_dropped()
    {
        var ex = Assert.Throws<FrameworkImportException>(() => FrameworkJson.Read("{ \"formatVersion\": 1, \"levles\": [] }"));
        Assert.Contains("levles", Assert.Single(ex.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_enum_value_is_refused_with_its_path()
    {
        var text = FrameworkJson.ReadDefaultText().Replace("\"residential\"", "\"by-carrier-pigeon\"", StringComparison.Ordinal);
        var ex = Assert.Throws<FrameworkImportException>(() => FrameworkJson.Read(text));
        Assert.Contains("delivery", Assert.Single(ex.Problems).Path, StringComparison.Ordinal);
    }
}
