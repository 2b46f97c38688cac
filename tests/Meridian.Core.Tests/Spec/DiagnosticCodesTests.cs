using System.Reflection;
using Meridian.Core.Spec;
using static Meridian.Core.Tests.Spec.SpecTestHelpers;

namespace Meridian.Core.Tests.Spec;

public sealed class DiagnosticCodesTests
{
    private static readonly string[] Codes =
    [
        .. typeof(DiagnosticCodes)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!),
    ];

    [Fact]
    public void Given_the_code_constants_When_listed_Then_each_is_unique_and_shaped_MRDnnn()
    {
        Assert.NotEmpty(Codes);
        Assert.Equal(Codes.Length, Codes.Distinct(StringComparer.Ordinal).Count());
        Assert.All(Codes, c => Assert.Matches(@"\AMRD\d{3}\z", c));
    }

    [Fact]
    public void Given_the_spec_reference_When_read_Then_it_documents_every_code()
    {
        var reference = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "spec.md"));

        Assert.All(Codes, c => Assert.Contains($"| {c} |", reference, StringComparison.Ordinal));
    }
}
