using PmoPath.Knowledge;

namespace PmoPath.Core.Tests.Knowledge;

public sealed class SlugTests
{
    [Theory]
    [InlineData("taking-ownership-of-your-pmo-career")]
    [InlineData("p3o")]
    [InlineData("a-1-b")]
    public void Valid_slugs(string slug) => Assert.True(Slug.IsValid(slug));

    [Theory]
    [InlineData("")]
    [InlineData("Upper-Case")]
    [InlineData("double--hyphen")]
    [InlineData("-leading")]
    [InlineData("trailing-")]
    [InlineData("with space")]
    [InlineData("ünïcode")]
    [InlineData("../etc/passwd")]
    public void Invalid_slugs(string slug) => Assert.False(Slug.IsValid(slug));

    [Fact]
    public void A_slug_longer_than_the_limit_is_invalid() => Assert.False(Slug.IsValid(new string('a', Slug.MaxLength + 1)));

    [Theory]
    [InlineData("Taking Ownership of Your PMO Career!", "taking-ownership-of-your-pmo-career")]
    [InlineData("  P3O® — Foundation & Practitioner  ", "p3o-foundation-practitioner")]
    [InlineData("Café résumé", "cafe-resume")]
    [InlineData("!!!", "")]
    public void From_title(string title, string slug) => Assert.Equal(slug, Slug.From(title));

    [Fact]
    public void From_a_long_title_is_cut_to_the_limit_without_a_trailing_hyphen()
    {
        var slug = Slug.From(string.Join(' ', Enumerable.Repeat("word", 40)));
        Assert.True(Slug.IsValid(slug));
    }
}
