using HepDsl.Lambda.Host;

namespace HepDsl.Lambda.Tests;

/// <summary>The host's input origins (HEPDSL_INPUTS): what each kind admits, and the locations refused whatever is configured.</summary>
public sealed class InputAllowListTests
{
    private static readonly InputAllowList s_allowed = InputAllowList.Parse("s3://my-data/nanoaod/, https://OpenData.Example.org:443/eos/opendata/ s3://whole-bucket root://eospublic.cern.ch//eos/opendata/ roots://eospublic.cern.ch:1094//eos/opendata/");

    [Theory]
    [InlineData("s3://my-data/nanoaod/ttbar.root")]
    [InlineData("s3://my-data/nanoaod/2016/a b+c.root")]
    [InlineData("s3://whole-bucket/anything/at/all.root")]
    [InlineData("https://opendata.example.org/eos/opendata/cms/ttbar.root")]
    [InlineData("https://opendata.example.org:443/eos/opendata/ttbar.root")]
    [InlineData("root://eospublic.cern.ch//eos/opendata/ttbar.root")]
    [InlineData("root://EOSPUBLIC.cern.ch:1094//eos/opendata/run/x.root")]
    [InlineData("roots://eospublic.cern.ch//eos/opendata/ttbar.root")]
    public void Admits_locations_under_a_configured_origin(string location) => Assert.Null(s_allowed.Refusal(location));

    [Theory]
    [InlineData("/etc/passwd", "a local path")]
    [InlineData("relative/file.root", "a local path")]
    [InlineData("file:///etc/passwd", "scheme 'file://' is not accepted")]
    [InlineData("http://opendata.example.org/eos/opendata/ttbar.root", "scheme 'http://' is not accepted")]
    [InlineData("root://eospublic.cern.ch//eos/private/ttbar.root", "not under any input origin")]
    [InlineData("root://eospublic.cern.ch:1095//eos/opendata/ttbar.root", "not under any input origin")]
    [InlineData("root://eospublic.cern.ch//eos/opendata/x.root?authz=abc", "not a well-formed root:// location")]
    [InlineData("root://eospublic.cern.ch//eos/opendata/../private/x.root", "has a '..' path segment")]
    [InlineData("root://eospublic.cern.ch///eos/opendata/x.root", "has an empty path segment")]
    [InlineData("xroot://eospublic.cern.ch//eos/opendata/x.root", "scheme 'xroot://' is not accepted")]
    [InlineData("S3://my-data/nanoaod/ttbar.root", "scheme 'S3://' is not accepted")]
    [InlineData("s3://my-data/private/ttbar.root", "not under any input origin")]
    [InlineData("s3://my-data/nanoaodx/ttbar.root", "not under any input origin")]
    [InlineData("s3://other/nanoaod/ttbar.root", "not under any input origin")]
    [InlineData("s3://my-data/nanoaod/../private/x.root", "has a '..' path segment")]
    [InlineData("s3://my-data/nanoaod/./x.root", "has a '.' path segment")]
    [InlineData("s3://my-data/nanoaod//x.root", "has an empty path segment")]
    [InlineData("s3://my-data//nanoaod/x.root", "has an empty path segment")]
    [InlineData("s3://my-data/nanoaod/x\\..\\y.root", "backslash")]
    [InlineData("s3://my-data/nanoaod/x\n.root", "control character")]
    [InlineData("s3://whole-bucket/", "names no object")]
    [InlineData("https://opendata.example.org/eos/opendata/%2e%2e/secret", "not a well-formed https:// location")]
    [InlineData("https://opendata.example.org/eos/opendata/x.root?redirect=http://169.254.169.254/", "not a well-formed")]
    [InlineData("https://user@opendata.example.org/eos/opendata/x.root", "not a well-formed")]
    [InlineData("https://opendata.example.org.evil.net/eos/opendata/x.root", "not under any input origin")]
    [InlineData("https://opendata.example.org:8443/eos/opendata/x.root", "not under any input origin")]
    [InlineData("https://opendata.example.org/eos/other/x.root", "not under any input origin")]
    public void Refuses_everything_else(string location, string reason) => Assert.Contains(reason, s_allowed.Refusal(location));

    [Theory]
    [InlineData("", "no input origin configured")]
    [InlineData("http://data.example.org/", "scheme 'http://' is not accepted")]
    [InlineData("/data", "a local path")]
    [InlineData("s3://my-data/../x/", "has a '..' path segment")]
    [InlineData("https://data.example.org/a%20b/", "not a well-formed")]
    public void Refuses_origins_that_could_admit_more_than_they_say(string origins, string reason) =>
        Assert.Contains(reason, Assert.Throws<ArgumentException>(() => InputAllowList.Parse(origins)).Message);

    [Fact]
    public void Origins_print_as_they_are_matched()
    {
        Assert.Equal("s3://my-data/nanoaod/ https://opendata.example.org/eos/opendata/ s3://whole-bucket/ root://eospublic.cern.ch//eos/opendata/ roots://eospublic.cern.ch//eos/opendata/", s_allowed.ToString());
        Assert.Equal(s_allowed.ToString(), InputAllowList.Parse(s_allowed.ToString()).ToString());
    }
}
