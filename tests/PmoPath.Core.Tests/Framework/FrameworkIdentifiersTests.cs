using PmoPath.Exchange;
using PmoPath.Framework;

namespace PmoPath.Core.Tests.Framework;

public sealed class FrameworkIdentifiersTests
{
    [Fact]
    public void Name_based_UUIDs_are_RFC_9562_version_5()
    {
        // RFC 9562, appendix A.4: the DNS namespace and "www.example.com".
        var dns = Guid.Parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
        Assert.Equal(Guid.Parse("2ed6657d-e927-568b-95e1-2665a8aea6a2"), FrameworkIdentifiers.NameBased(dns, "www.example.com"));
    }

    [Fact]
    public void A_code_gives_the_UUID_of_pmopath_colon_code_in_PmoPaths_namespace()
    {
        // Values from Python's uuid.uuid5(UUID("6f1f1c1e-3b0a-5d8e-9a57-2b1f0c4e7a10"), name), an implementation of its own.
        Assert.Equal(Guid.Parse("58dd92c8-8b83-5416-bae1-09aa5113ebee"), FrameworkIdentifiers.For("pm-fundamentals"));
        Assert.Equal(Guid.Parse("ae16e869-4b4f-53d9-82f9-b56c9028fce3"), FrameworkIdentifiers.Competency("benefits-management"));
        Assert.Equal(Guid.Parse("f91d7cb4-b454-5c18-8b3f-34337c068cef"), FrameworkIdentifiers.Course("benefits-management"));
    }

    [Fact]
    public void Every_competency_area_and_course_of_the_default_framework_has_its_own_identifier()
    {
        var framework = FrameworkJson.ReadDefault();
        var ids = framework.Competencies.Select(c => FrameworkIdentifiers.Competency(c.Code))
            .Concat(framework.Courses.Select(c => FrameworkIdentifiers.Course(c.Code))).ToList();
        Assert.Equal(framework.Competencies.Count + framework.Courses.Count, ids.Distinct().Count());
        // A course and a competency area share the code benefits-management; their items must not share an identifier.
        Assert.Contains(framework.Courses, c => framework.Competencies.Any(a => a.Code == c.Code));
    }
}
