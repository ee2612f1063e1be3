using Bogus;
using PmoPath.Advice;
using PmoPath.Catalog;
using PmoPath.Framework;

namespace PmoPath.Core.Tests.Advice;

/// <summary>
/// Many valid profiles, seeded so every run sees the same ones: any level and target, certificates of any
/// course (retired ones too) achieved up to twelve years before the day of advice, a few specialist courses,
/// some areas rated. Shared with the benchmark, which links this file.
/// </summary>
public static class ProfileFaker
{
    public static List<AdviceRequest> Generate(FrameworkSnapshot framework, int count, int seed)
    {
        var random = new Randomizer(seed);
        var certifications = framework.Courses.Where(c => c.IsCertification).Select(c => c.Code).ToArray();
        var specialists = framework.Courses.Where(c => c.Kind == CourseKind.Specialist).Select(c => c.Code).ToArray();
        var areas = framework.Competencies.Select(a => a.Code).ToArray();
        var first = new DateOnly(2020, 1, 1);

        var requests = new List<AdviceRequest>(count);
        for (var n = 0; n < count; n++)
        {
            var level = random.Int(CareerLevel.Lowest, CareerLevel.Highest);
            var asOf = first.AddDays(random.Int(0, 11 * 365));
            var held = random.ArrayElements(certifications, random.Int(0, 4))
                .Select(code => new HeldCertificate(code, asOf.AddDays(-random.Int(0, 12 * 365))))
                .ToList();
            var profile = new AdviceProfile
            {
                Level = level,
                TargetLevel = random.Int(level, CareerLevel.Highest),
                PmoType = random.Bool(0.7f) ? random.ArrayElement(framework.PmoTypes.Select(t => t.Code).ToArray()) : null,
                Certifications = held,
                CompletedCourses = random.ArrayElements(specialists, random.Int(0, 2)),
                Competencies = random.ArrayElements(areas, random.Int(0, areas.Length))
                    .ToDictionary(a => a, _ => random.Int(CompetencyArea.MinProficiency, CompetencyArea.MaxProficiency)),
                YearsInPmo = random.Bool(0.6f) ? random.Int(0, 30) : null,
                TrainingDaysPerYear = random.Bool(0.3f) ? random.Int(1, 15) : null,
            };
            requests.Add(new AdviceRequest(profile, asOf));
        }
        return requests;
    }
}
