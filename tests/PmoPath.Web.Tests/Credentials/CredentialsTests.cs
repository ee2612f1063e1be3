using System.Buffers.Text;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PmoPath.Credentials;
using PmoPath.Framework;
using PmoPath.Testing;
using PmoPath.Testing.People;
using PmoPath.Testing.Sessions;
using PmoPath.Web.Tests.OpenApi;
using static PmoPath.Testing.TestDates;

namespace PmoPath.Web.Tests.Credentials;

/// <summary>
/// Open Badges 3.0 credentials end to end on each database: issued when a provider marks attendance (and a passed exam,
/// for a certification), verified by jose against the JWKS the running app serves, checked by ajv against a schema of
/// OB 3.0's required fields, revoked and shown so, and credentials from elsewhere uploaded, verified or refused.
/// </summary>
public abstract class CredentialsTests(PeopleWorld world)
{
    private const string Provider = "harbour-lane-training";

    private static DateOnly Today => SessionKit.Today;

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    /// <summary>A session of the course that started three days ago (three days long), a person booked on it by HR, and the provider's marking.</summary>
    private async Task<(Guid Person, Guid Booking)> AttendAsync(string course, bool? examPassed, Guid? person = null, int level = 2, DateOnly? startsOn = null)
    {
        var starts = startsOn ?? Today.AddDays(-3);
        var session = await SessionKit.InsertAsync(world.App, Provider, course, starts, 8, deadline: Today.AddDays(3), endsOn: starts.AddDays(2));
        await using (var db = await SessionKit.SystemAsync(world.App))
            await db.Sessions.Where(s => s.Id == session).ExecuteUpdateAsync(s => s.SetProperty(x => x.ExamOn, starts.AddDays(2)));
        var who = person ?? (await SessionKit.AddPeopleAsync(world.App, "Acme", 1, level, prefix: "Holder"))[0];
        using var hr = world.Api("hr");
        var booked = await hr.PostAsJsonAsync($"/api/sessions/{session}/bookings", new { personId = who });
        Assert.True(booked.StatusCode == HttpStatusCode.Created, await booked.Content.ReadAsStringAsync());
        var booking = (await JsonAsync(booked)).GetProperty("id").GetGuid();
        await MarkAsync(booking, true, examPassed);
        return (who, booking);
    }

    private async Task MarkAsync(Guid booking, bool attended, bool? examPassed)
    {
        using var provider = world.Api("provider");
        var marked = await provider.PutAsJsonAsync($"/api/bookings/{booking}/attendance", new { attended, examPassed });
        Assert.True(marked.StatusCode == HttpStatusCode.OK, await marked.Content.ReadAsStringAsync());
    }

    private async Task<List<JsonElement>> CredentialsOfAsync(Guid person)
    {
        using var hr = world.Api("hr");
        return [.. (await hr.GetFromJsonAsync<JsonElement>($"/api/people/{person}/credentials")).EnumerateArray()];
    }

    private async Task<string> JwtAsync(Guid credential)
    {
        var response = await world.App.Client.GetAsync($"/api/credentials/{credential}/jwt");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/jwt", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Runs verify-credential.mjs (jose, ajv) on each credential: its JWT and the JSON the public API shows.</summary>
    private async Task<List<JsonElement>> VerifyWithJoseAsync(params Guid[] credentials)
    {
        var cases = new JsonArray();
        foreach (var id in credentials)
        {
            var shown = await world.App.Client.GetFromJsonAsync<JsonElement>($"/api/credentials/{id}");
            cases.Add(new JsonObject { ["jwt"] = await JwtAsync(id), ["credential"] = JsonNode.Parse(shown.GetProperty("credential").GetRawText()) });
        }
        var file = Path.Combine(world.App.DataFolder, $"credential-cases-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, cases.ToJsonString());
        NodeTools.Module("jose/package.json");
        NodeTools.Module("ajv/dist/2019.js");
        var folder = Path.Combine(NodeTools.RepositoryRoot, "tests", "PmoPath.Web.Tests", "Credentials");
        var (exit, stdout, stderr) = await NodeTools.RunAsync(Path.Combine(folder, "verify-credential.mjs"), NodeTools.ModulesDirectory,
            new Uri(world.App.BaseAddress, "/.well-known/jwks.json").ToString(), Path.Combine(folder, "ob-v3p0-credential.schema.json"), file,
            world.App.Clock.GetUtcNow().ToString("o", CultureInfo.InvariantCulture));
        Assert.True(exit == 0 && stdout.TrimStart().StartsWith('['), $"verify-credential.mjs failed (exit {exit}): {stdout}\n{stderr}");
        return [.. JsonDocument.Parse(stdout).RootElement.EnumerateArray()];
    }

    private static void AssertVerified(JsonElement result)
    {
        Assert.True(result.GetProperty("verified").GetBoolean(), result.GetProperty("error").ToString());
        Assert.Empty(result.GetProperty("mismatches").EnumerateArray());
        Assert.True(result.GetProperty("tamperedRejected").GetBoolean(), "jose accepted a tampered JWT");
        Assert.Equal("ERR_JWS_SIGNATURE_VERIFICATION_FAILED", result.GetProperty("tamperError").GetString());
        Assert.True(result.GetProperty("schemaErrors").GetArrayLength() == 0, string.Join("\n", result.GetProperty("schemaErrors").EnumerateArray()));
    }

    [Fact]
    public async Task Attending_a_specialist_course_issues_a_credential_that_jose_verifies_with_the_published_JWKS()
    {
        var sam = world["sam"];
        await AttendAsync("agile-pmo", null, sam.PersonId);
        var listed = Assert.Single(await CredentialsOfAsync(sam.PersonId!.Value), c => c.GetProperty("courseCode").GetString() == "agile-pmo");
        var id = listed.GetProperty("id").GetGuid();

        var shown = await world.App.Client.GetFromJsonAsync<JsonElement>($"/api/credentials/{id}");
        Assert.Equal("valid", shown.GetProperty("state").GetString());
        Assert.True(shown.GetProperty("signatureVerified").GetBoolean());
        var credential = shown.GetProperty("credential");
        Assert.Equal($"urn:uuid:{id}", credential.GetProperty("id").GetString());
        Assert.Equal(["VerifiableCredential", "OpenBadgeCredential"], credential.GetProperty("type").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("https://www.w3.org/ns/credentials/v2", credential.GetProperty("@context")[0].GetString());
        Assert.Equal("Harbour Lane Training", credential.GetProperty("issuer").GetProperty("name").GetString());
        Assert.Contains("PmoPath", credential.GetProperty("issuer").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.False(credential.TryGetProperty("validUntil", out _));
        Assert.EndsWith($"/api/credentials/status/{Provider}", credential.GetProperty("credentialStatus").GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("1EdTechRevocationList", credential.GetProperty("credentialStatus").GetProperty("type").GetString());

        var subject = credential.GetProperty("credentialSubject");
        var achievement = subject.GetProperty("achievement");
        Assert.Equal("CertificateOfCompletion", achievement.GetProperty("achievementType").GetString());
        Assert.Equal("urn:uuid:" + FrameworkIdentifiers.Course("agile-pmo"), achievement.GetProperty("id").GetString());
        var alignment = Assert.Single(achievement.GetProperty("alignment").EnumerateArray());
        Assert.Equal(FrameworkIdentifiers.Competency("agile-ways-of-working").ToString(), alignment.GetProperty("targetCode").GetString());
        // The alignment names the competency area's item of the CASE package the app serves.
        var package = await world.App.Client.GetStringAsync("/api/framework/case");
        Assert.Contains(alignment.GetProperty("targetCode").GetString()!, package, StringComparison.Ordinal);
        // The holder's address only as OB 3.0's salted hash: sha256(email + salt), computed here independently.
        var identity = Assert.Single(subject.GetProperty("identifier").EnumerateArray());
        var salt = identity.GetProperty("salt").GetString()!;
        Assert.Equal("sha256$" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sam.Email.ToLowerInvariant() + salt))),
            identity.GetProperty("identityHash").GetString());
        Assert.DoesNotContain(sam.Email, shown.GetRawText(), StringComparison.OrdinalIgnoreCase);

        var result = Assert.Single(await VerifyWithJoseAsync(id));
        AssertVerified(result);
        Assert.Equal(JsonValueKind.Null, result.GetProperty("claims").GetProperty("exp").ValueKind);
        Assert.Equal(subject.GetProperty("id").GetString(), result.GetProperty("claims").GetProperty("sub").GetString());
    }

    [Fact]
    public async Task A_certification_issues_only_when_its_exam_is_passed_and_is_valid_until_its_renewal_date()
    {
        var (person, booking) = await AttendAsync("axelos-p3o-foundation", examPassed: false);
        Assert.Empty(await CredentialsOfAsync(person));

        await MarkAsync(booking, true, true);
        await MarkAsync(booking, true, true);
        var listed = Assert.Single(await CredentialsOfAsync(person));
        var id = listed.GetProperty("id").GetGuid();
        var examDay = Today.AddDays(-1);
        var renewBy = (await world.App.Services.GetRequiredService<FrameworkStore>().GetAsync()).FindCourse("axelos-p3o-foundation")!.Renewal!.RenewByFor(examDay)!.Value;
        Assert.Equal(examDay.AddYears(3), renewBy);
        var credential = listed.GetProperty("credential");
        Assert.Equal(Day(renewBy) + "T00:00:00Z", credential.GetProperty("validUntil").GetString());
        Assert.Equal("Certification", credential.GetProperty("credentialSubject").GetProperty("achievement").GetProperty("achievementType").GetString());
        Assert.Equal(4, credential.GetProperty("credentialSubject").GetProperty("achievement").GetProperty("alignment").GetArrayLength());

        var result = Assert.Single(await VerifyWithJoseAsync(id));
        AssertVerified(result);
        Assert.Equal(new DateTimeOffset(renewBy.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeSeconds(), result.GetProperty("claims").GetProperty("exp").GetInt64());

        // The provider corrects the marking: the credential is revoked, and says why.
        await MarkAsync(booking, false, null);
        var corrected = await world.App.Client.GetFromJsonAsync<JsonElement>($"/api/credentials/{id}");
        Assert.Equal("revoked", corrected.GetProperty("state").GetString());
        Assert.Contains("corrected", corrected.GetProperty("revocationReason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certification_marked_after_its_renewal_date_shows_as_expired()
    {
        var starts = Today.AddYears(-4);
        var (person, _) = await AttendAsync("axelos-p3o-foundation", examPassed: true, startsOn: starts);
        var listed = Assert.Single(await CredentialsOfAsync(person));
        Assert.Equal("expired", listed.GetProperty("state").GetString());
        Assert.Equal(Day(starts.AddDays(2).AddYears(3)) + "T00:00:00Z", listed.GetProperty("credential").GetProperty("validUntil").GetString());
        var page = await world.App.Client.GetStringAsync($"/credentials/{listed.GetProperty("id").GetGuid()}");
        Assert.Contains("<strong>Expired</strong>", page, StringComparison.Ordinal);
        Assert.Contains("It lapsed on", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_person_attaches_a_credential_from_elsewhere_with_the_form_on_their_record()
    {
        var colleague = world["colleague"];
        using (var api = world.Api("colleague"))
        {
            var patched = await api.PatchAsJsonAsync($"/api/people/{colleague.PersonId}/record", new { certificates = new[] { new { code = "axelos-p3o-foundation", achievedOn = "2024-03-01" } } });
            Assert.True(patched.IsSuccessStatusCode, await patched.Content.ReadAsStringAsync());
        }
        using var browser = await world.SignInAsync("colleague");
        var refused = await PeopleWorld.PostFormAsync(browser, "/me", "credential-upload", new() { ["CredentialUpload.Credential"] = "not.a.jwt" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Nothing was saved", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await UploadedCountAsync(colleague.PersonId!.Value));

        using var rsa = RSA.Create(2048);
        var attached = await PeopleWorld.PostFormAsync(browser, "/me", "credential-upload", new() { ["CredentialUpload.Credential"] = ForeignJwt(rsa) });
        Assert.Equal(HttpStatusCode.Redirect, attached.StatusCode);
        var page = await browser.GetStringAsync("/me");
        Assert.Contains("Example Exam Institute", page, StringComparison.Ordinal);
        Assert.Contains("signature verified", page, StringComparison.Ordinal);
        Assert.Contains("that key is not otherwise known to belong to the issuer", page, StringComparison.Ordinal);
        Assert.Equal(1, await UploadedCountAsync(colleague.PersonId!.Value));
    }

    [Fact]
    public async Task Erasing_the_holder_revokes_the_credential_and_drops_the_signed_copy_and_the_hashed_email()
    {
        var (person, _) = await AttendAsync("agile-pmo", null);
        var id = Assert.Single(await CredentialsOfAsync(person)).GetProperty("id").GetGuid();
        using var hr = world.Api("hr");
        var erased = await hr.DeleteAsync($"/api/people/{person}");
        Assert.True(erased.IsSuccessStatusCode, await erased.Content.ReadAsStringAsync());

        var shown = await world.App.Client.GetFromJsonAsync<JsonElement>($"/api/credentials/{id}");
        Assert.Equal("revoked", shown.GetProperty("state").GetString());
        Assert.False(shown.GetProperty("signatureVerified").GetBoolean());
        Assert.False(shown.GetProperty("credential").GetProperty("credentialSubject").TryGetProperty("identifier", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await world.App.Client.GetAsync($"/api/credentials/{id}/jwt")).StatusCode);
        var status = await world.App.Client.GetFromJsonAsync<JsonElement>($"/api/credentials/status/{Provider}");
        Assert.Contains(status.GetProperty("revokedCredentials").EnumerateArray(), r => r.GetProperty("id").GetString() == $"urn:uuid:{id}");
    }

    [Fact]
    public async Task Revoking_is_for_the_issuing_provider_or_a_site_admin_and_shows_on_the_page_and_in_the_status_list()
    {
        var (person, _) = await AttendAsync("agile-pmo", null);
        var id = Assert.Single(await CredentialsOfAsync(person)).GetProperty("id").GetGuid();

        var page = await world.App.Client.GetStringAsync($"/credentials/{id}");
        Assert.Contains("<strong>Valid</strong>", page, StringComparison.Ordinal);
        Assert.Contains("Agile PMO", page, StringComparison.Ordinal);
        Assert.Contains("Harbour Lane Training", page, StringComparison.Ordinal);

        foreach (var key in new[] { "provider2", "hr", "pat" })
        {
            using var other = world.Api(key);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsJsonAsync($"/api/credentials/{id}/revoke", new { reason = "no" })).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await world.App.Client.PostAsJsonAsync($"/api/credentials/{id}/revoke", new { })).StatusCode);
        using var provider = world.Api("provider");
        var tooLong = await provider.PostAsJsonAsync($"/api/credentials/{id}/revoke", new { reason = new string('x', 501) });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.True((await JsonAsync(tooLong)).GetProperty("errors").TryGetProperty("reason", out _));

        var revoked = await provider.PostAsJsonAsync($"/api/credentials/{id}/revoke", new { reason = "Marked in error." });
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal("revoked", (await JsonAsync(revoked)).GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await provider.PostAsJsonAsync($"/api/credentials/{id}/revoke", new { })).StatusCode);

        page = await world.App.Client.GetStringAsync($"/credentials/{id}");
        Assert.Contains("<strong>Revoked</strong>", page, StringComparison.Ordinal);
        Assert.Contains("Marked in error.", page, StringComparison.Ordinal);
        var status = await world.App.Client.GetFromJsonAsync<JsonElement>($"/api/credentials/status/{Provider}");
        Assert.Contains(status.GetProperty("revokedCredentials").EnumerateArray(), r => r.GetProperty("id").GetString() == $"urn:uuid:{id}"
            && r.GetProperty("revocationReason").GetString() == "Marked in error.");
        Assert.Equal(HttpStatusCode.NotFound, (await world.App.Client.GetAsync("/api/credentials/status/no-such-provider")).StatusCode);

        // A site-admin revokes any provider's credential; the audit log has both.
        var (other2, _) = await AttendAsync("agile-pmo", null);
        var second = Assert.Single(await CredentialsOfAsync(other2)).GetProperty("id").GetGuid();
        using var admin = world.Api("admin");
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/credentials/{second}/revoke", new { })).StatusCode);
        await using var db = await SessionKit.SystemAsync(world.App);
        var audited = await db.AuditEntries.Where(a => a.Action == "credential-revoked").Select(a => a.Detail).ToListAsync();
        Assert.Contains(audited, d => d.Contains(id.ToString(), StringComparison.Ordinal));
        Assert.Contains(audited, d => d.Contains(second.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task After_a_key_rotation_new_credentials_use_the_new_key_and_older_ones_still_verify()
    {
        var (first, _) = await AttendAsync("agile-pmo", null);
        var before = Assert.Single(await CredentialsOfAsync(first)).GetProperty("id").GetGuid();
        var keys = world.App.Services.GetRequiredService<CredentialKeys>();
        var rotated = await keys.RotateAsync();
        var (second, _) = await AttendAsync("agile-pmo", null);
        var after = Assert.Single(await CredentialsOfAsync(second)).GetProperty("id").GetGuid();

        var jwks = await world.App.Client.GetFromJsonAsync<JsonElement>("/.well-known/jwks.json");
        var published = jwks.GetProperty("keys").EnumerateArray().ToList();
        Assert.Contains(published, k => k.GetProperty("kid").GetString() == rotated);
        Assert.True(published.Count >= 2);
        Assert.All(published, k => Assert.False(k.TryGetProperty("d", out _)));
        Assert.All(published, k => Assert.True(Base64Url.DecodeFromChars(k.GetProperty("n").GetString()!).Length >= 256));

        // The private keys are stored protected by Data Protection (its payload's magic header), never as plain PKCS#8.
        await using (var db = await SessionKit.SystemAsync(world.App))
            foreach (var stored in await db.CredentialSigningKeys.Select(k => k.ProtectedPrivateKey).ToListAsync())
            {
                Assert.StartsWith("CfDJ8", stored, StringComparison.Ordinal);
                using var probe = RSA.Create();
                Assert.ThrowsAny<CryptographicException>(() => probe.ImportPkcs8PrivateKey(Convert.FromBase64String(stored), out _));
            }

        var results = await VerifyWithJoseAsync(before, after);
        Assert.All(results, AssertVerified);
        Assert.NotEqual(rotated, results[0].GetProperty("kid").GetString());
        Assert.Equal(rotated, results[1].GetProperty("kid").GetString());
    }

    [Fact]
    public async Task The_record_page_lists_the_credential_and_the_badge_has_the_credential_baked_in()
    {
        var pat = world["pat"];
        await AttendAsync("agile-pmo", null, pat.PersonId);
        var id = (await CredentialsOfAsync(pat.PersonId!.Value)).First(c => c.GetProperty("courseCode").GetString() == "agile-pmo").GetProperty("id").GetGuid();
        using var browser = await world.SignInAsync("pat");
        var page = await browser.GetStringAsync("/me");
        Assert.Contains($"href=\"/credentials/{id}\"", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/credentials/{id}/jwt\"", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/credentials/{id}/badge.svg\"", page, StringComparison.Ordinal);

        var svg = await world.App.Client.GetAsync($"/api/credentials/{id}/badge.svg");
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
        var document = System.Xml.Linq.XDocument.Parse(await svg.Content.ReadAsStringAsync());
        var baked = document.Root!.Element(System.Xml.Linq.XName.Get("credential", "https://purl.imsglobal.org/ob/v3p0"));
        Assert.NotNull(baked);
        Assert.Equal(await JwtAsync(id), baked.Value);
    }

    // ---- Bring your own ----

    /// <summary>A person with a P3O Foundation certificate on their record, put there by HR; returns the person and the certificate's id.</summary>
    private async Task<(Guid Person, Guid Certificate)> HolderAsync()
    {
        var person = (await SessionKit.AddPeopleAsync(world.App, "Acme", 1, 2, prefix: "Uploader"))[0];
        using var hr = world.Api("hr");
        var patched = await hr.PatchAsJsonAsync($"/api/people/{person}/record", new { certificates = new[] { new { code = "axelos-p3o-foundation", achievedOn = "2024-03-01" } } });
        Assert.True(patched.IsSuccessStatusCode, await patched.Content.ReadAsStringAsync());
        var record = await hr.GetFromJsonAsync<JsonElement>($"/api/people/{person}");
        return (person, record.GetProperty("certificates")[0].GetProperty("id").GetGuid());
    }

    private static string B64(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

    /// <summary>An OB 3.0 VC-JWT from another issuer, built here with RSA directly: the key travels in the header as "jwk".</summary>
    private static string ForeignJwt(RSA key, string achievement = "P3O Foundation", Action<JsonObject>? change = null, string alg = "RS256")
    {
        var p = key.ExportParameters(false);
        var header = new JsonObject { ["alg"] = alg, ["typ"] = "JWT", ["jwk"] = new JsonObject { ["kty"] = "RSA", ["n"] = Base64Url.EncodeToString(p.Modulus), ["e"] = Base64Url.EncodeToString(p.Exponent) } };
        var payload = new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"),
            ["id"] = "urn:uuid:0b7c1f9e-3f4b-4a43-9e55-7d0f6f1c2a11",
            ["type"] = new JsonArray("VerifiableCredential", "OpenBadgeCredential"),
            ["name"] = achievement,
            ["issuer"] = new JsonObject { ["id"] = "https://exams.example/issuers/1", ["type"] = new JsonArray("Profile"), ["name"] = "Example Exam Institute" },
            ["validFrom"] = "2024-03-01T00:00:00Z",
            ["validUntil"] = "2027-03-01T00:00:00Z",
            ["credentialSubject"] = new JsonObject
            {
                ["id"] = "did:example:holder", ["type"] = new JsonArray("AchievementSubject"),
                ["achievement"] = new JsonObject
                {
                    ["id"] = "https://exams.example/achievements/p3o-f", ["type"] = new JsonArray("Achievement"), ["name"] = achievement,
                    ["description"] = "Passed the exam.", ["criteria"] = new JsonObject { ["narrative"] = "Pass the exam." },
                },
            },
            ["iss"] = "https://exams.example/issuers/1", ["sub"] = "did:example:holder", ["jti"] = "urn:uuid:0b7c1f9e-3f4b-4a43-9e55-7d0f6f1c2a11",
            ["nbf"] = new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(),
            ["exp"] = new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(),
        };
        change?.Invoke(payload);
        var input = B64(header.ToJsonString()) + "." + B64(payload.ToJsonString());
        return input + "." + Base64Url.EncodeToString(key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    private async Task<int> UploadedCountAsync(Guid person)
    {
        await using var db = await SessionKit.SystemAsync(world.App);
        return await db.ExternalCredentials.CountAsync(c => c.PersonId == person);
    }

    [Fact]
    public async Task A_credential_from_elsewhere_is_verified_with_the_key_in_its_header_and_attached_to_the_matching_certificate()
    {
        var (person, certificate) = await HolderAsync();
        using var rsa = RSA.Create(2048);
        using var hr = world.Api("hr");
        var attached = await hr.PostAsJsonAsync($"/api/people/{person}/external-credentials", new { credential = ForeignJwt(rsa) });
        Assert.True(attached.StatusCode == HttpStatusCode.Created, await attached.Content.ReadAsStringAsync());
        var view = await JsonAsync(attached);
        Assert.Equal(certificate, view.GetProperty("certificateId").GetGuid());
        Assert.True(view.GetProperty("signatureVerified").GetBoolean());
        var findings = view.GetProperty("findings").EnumerateArray().Select(f => f.GetString()!).ToList();
        Assert.Contains(findings, f => f.StartsWith("Signature verified (RS256) with the public key carried in the JWS header", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.StartsWith("JWT claims iss, sub, jti and nbf match", StringComparison.Ordinal));
        Assert.Contains("No credentialStatus: the issuer publishes no revocation status.", findings);
        Assert.Contains("Valid until 1 Mar 2027.", findings);

        var listed = await hr.GetFromJsonAsync<JsonElement>($"/api/people/{person}/external-credentials");
        Assert.Equal("Example Exam Institute", Assert.Single(listed.EnumerateArray()).GetProperty("issuerName").GetString());

        // JSON with an embedded proof: attached, and honest that its signature was not checked.
        var json = JsonNode.Parse(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(ForeignJwt(rsa).Split('.')[1])))!.AsObject();
        json["proof"] = new JsonObject { ["type"] = "DataIntegrityProof", ["cryptosuite"] = "eddsa-rdfc-2022", ["proofValue"] = "z58DAdFfa9" };
        var embedded = await hr.PostAsJsonAsync($"/api/people/{person}/external-credentials", new { credential = json.ToJsonString(), certificateId = certificate });
        Assert.Equal(HttpStatusCode.Created, embedded.StatusCode);
        var embeddedView = await JsonAsync(embedded);
        Assert.False(embeddedView.GetProperty("signatureVerified").GetBoolean());
        Assert.Contains(embeddedView.GetProperty("findings").EnumerateArray(), f => f.GetString()!.StartsWith("Signature not verified: embedded proofs", StringComparison.Ordinal));
        Assert.Equal(2, await UploadedCountAsync(person));
    }

    [Fact]
    public async Task A_PmoPath_credential_uploaded_by_its_holder_verifies_with_PmoPaths_own_key_and_its_status()
    {
        var (person, booking) = await AttendAsync("axelos-p3o-foundation", examPassed: true);
        var id = Assert.Single(await CredentialsOfAsync(person)).GetProperty("id").GetGuid();
        using var hr = world.Api("hr");
        var attached = await hr.PostAsJsonAsync($"/api/people/{person}/external-credentials", new { credential = await JwtAsync(id) });
        Assert.True(attached.StatusCode == HttpStatusCode.Created, await attached.Content.ReadAsStringAsync());
        var findings = (await JsonAsync(attached)).GetProperty("findings").EnumerateArray().Select(f => f.GetString()).ToList();
        Assert.Contains("Signature verified (RS256) with PmoPath's own published key.", findings);
        Assert.Contains("Status: not revoked (PmoPath's own revocation list).", findings);
        Assert.NotEqual(Guid.Empty, booking);
    }

    [Fact]
    public async Task Hostile_or_invalid_uploads_are_refused_with_the_reason_and_nothing_is_saved()
    {
        var (person, _) = await HolderAsync();
        using var rsa = RSA.Create(2048);
        using var other = RSA.Create(2048);
        var good = ForeignJwt(rsa);
        var parts = good.Split('.');
        var tampered = parts[0] + "." + B64(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1])).Replace("P3O Foundation", "P3O Practitioner", StringComparison.Ordinal)) + "." + parts[2];
        var unsigned = B64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";
        var hmac = B64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + parts[1] + "." + Base64Url.EncodeToString(HMACSHA256.HashData(new byte[32], Encoding.ASCII.GetBytes("x")));
        var wrongKey = ForeignJwt(rsa).Split('.') is var w ? ForeignJwt(other).Split('.')[0] + "." + w[1] + "." + w[2] : "";
        using var weak = RSA.Create(1024);
        var cases = new (string Name, string Credential, string Field, string Says)[]
        {
            ("empty", "", "credential", "Paste or upload"),
            ("huge", new string('a', CredentialUpload.MaxLength + 1), "credential", "at most"),
            ("two parts", "abc.def", "credential", "three parts"),
            ("malformed base64", "e30.!!!$$$.abc", "credential", "not base64url"),
            ("header not JSON", B64("not json") + "." + parts[1] + "." + parts[2], "credential", "header is not JSON"),
            ("alg none", unsigned, "credential", "unsigned"),
            ("HS256", hmac, "credential", "HS256"),
            ("tampered", tampered, "credential", "does not verify"),
            ("signed by another key", wrongKey, "credential", "does not verify"),
            ("weak key", ForeignJwt(weak), "credential", "at least 2048 bits"),
            ("claims that disagree", ForeignJwt(rsa, change: p => p["iss"] = "https://someone.else/"), "credential", "iss is not the issuer's id"),
            ("not JSON", "{\"type\": ", "credential", "not valid JSON"),
            ("not a badge", "{\"type\": [\"VerifiableCredential\"], \"issuer\": \"https://x.example/\"}", "credential", "not an Open Badges 3.0 credential"),
            ("no certificate matches", ForeignJwt(rsa, achievement: "Underwater Basket Weaving"), "certificateId", "No certificate on the record matches"),
        };
        using var hr = world.Api("hr");
        foreach (var (name, credential, field, says) in cases)
        {
            var response = await hr.PostAsJsonAsync($"/api/people/{person}/external-credentials", new { credential });
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {(int)response.StatusCode} {body}");
            var message = JsonDocument.Parse(body).RootElement.GetProperty("errors").GetProperty(field)[0].GetString()!;
            Assert.True(message.Contains(says, StringComparison.Ordinal), $"{name}: {message}");
        }
        Assert.Equal(0, await UploadedCountAsync(person));

        // Someone who may not change the record (a colleague, another organisation) cannot attach to it.
        using var pat = world.Api("pat");
        Assert.Equal(HttpStatusCode.NotFound, (await pat.PostAsJsonAsync($"/api/people/{person}/external-credentials", new { credential = good })).StatusCode);
        using var outsider = world.Api("hr-b");
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.PostAsJsonAsync($"/api/people/{person}/external-credentials", new { credential = good })).StatusCode);
        Assert.Equal(0, await UploadedCountAsync(person));
    }
}

public sealed class CredentialsOnSqliteTests(SqlitePeopleWorld world) : CredentialsTests(world), IClassFixture<SqlitePeopleWorld>;

public sealed class CredentialsOnPostgresTests(PostgresPeopleWorld world) : CredentialsTests(world), IClassFixture<PostgresPeopleWorld>;
