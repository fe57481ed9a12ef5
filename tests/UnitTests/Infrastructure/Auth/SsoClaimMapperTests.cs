using System.Security.Claims;
using LlmGateway.Application.Ports;
using LlmGateway.Infrastructure.Auth;
using Microsoft.Extensions.Options;

namespace LlmGateway.UnitTests.Infrastructure.Auth;

public class SsoClaimMapperTests
{
    [Fact]
    public void Map_SubjectGroupsAndTeam_BecomeTheGatewaysClaimsAndNothingElse()
    {
        var identity = Mapper().Map(Principal(("sub", "alice"), ("groups", "staff"), ("team", "research"), ("email", "alice@example.com"), ("role", "admin")), out var refusal);

        Assert.Null(refusal);
        Assert.NotNull(identity);
        Assert.Equal(
            ["sub=sso:alice", "role=user", "team_id=research"],
            identity.Claims.Select(c => $"{c.Type}={c.Value}"));
    }

    [Fact]
    public void Map_SeveralMappedGroups_TheHighestRoleWins()
    {
        var identity = Mapper().Map(Principal(("sub", "alice"), ("groups", "staff"), ("groups", "cn=gw admins,ou=groups"), ("groups", "staff"), ("team", "t")), out _);

        Assert.Equal("admin", identity!.FindFirst(TokenClaims.Role)!.Value);
    }

    [Theory]
    [InlineData("leads", "admins")]
    [InlineData("admins", "leads")]
    public void Map_TeamAdminAndAdminGroups_AdminWinsWhateverTheOrder(string first, string second)
    {
        var mapper = Mapper(o => o.RoleMap = "leads=team_admin;admins=admin;staff=user");

        var identity = mapper.Map(Principal(("sub", "bob"), ("groups", "staff"), ("groups", first), ("groups", second), ("team", "t")), out _);

        Assert.Equal("admin", identity!.FindFirst(TokenClaims.Role)!.Value);
    }

    [Theory]
    [InlineData("refuse", null)]
    [InlineData("user", "user")]
    public void Map_NoMappedGroup_RefusedOrUserAsConfigured(string unmapped, string? expectedRole)
    {
        var identity = Mapper(o => o.UnmappedRole = unmapped).Map(Principal(("sub", "alice"), ("groups", "Staff"), ("team", "t")), out var refusal);

        Assert.Equal(expectedRole, identity?.FindFirst(TokenClaims.Role)?.Value);
        Assert.Equal(expectedRole is null, refusal is not null);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("line\nbreak")]
    public void Map_UnacceptableSubject_Refused(string? subject)
    {
        var claims = new List<(string, string)> { ("groups", "staff"), ("team", "t") };
        if (subject is not null)
        {
            claims.Add(("sub", subject));
        }

        Assert.Null(Mapper().Map(Principal([.. claims]), out var refusal));
        Assert.NotNull(refusal);
    }

    [Fact]
    public void Map_TeamClaimConfiguredButMissing_Refused()
    {
        Assert.Null(Mapper().Map(Principal(("sub", "alice"), ("groups", "staff")), out var refusal));
        Assert.Contains("team", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Map_NoTeamClaimConfigured_NoTeamIdClaim()
    {
        var identity = Mapper(o => o.TeamClaim = null).Map(Principal(("sub", "alice"), ("groups", "staff"), ("team", "ignored")), out _);

        Assert.Null(identity!.FindFirst(TokenClaims.Team));
    }

    [Theory]
    [InlineData("a=admin;b=user", 2)]
    [InlineData(" a = admin ; ; b=user ;", 2)]
    [InlineData("cn=admins,ou=groups,dc=example=admin", 1)]
    [InlineData("", 0)]
    [InlineData(null, 0)]
    public void TryParseRoleMap_ValidMaps_Parsed(string? map, int entries)
    {
        Assert.True(new SsoOptions { RoleMap = map }.TryParseRoleMap(out var parsed, out var error), error);
        Assert.Equal(entries, parsed.Count);
    }

    [Theory]
    [InlineData("a=superuser")]
    [InlineData("a=Admin")]
    [InlineData("admin")]
    [InlineData("=admin")]
    [InlineData("a=admin;a=user")]
    public void TryParseRoleMap_InvalidMaps_NameTheSetting(string map)
    {
        Assert.False(new SsoOptions { RoleMap = map }.TryParseRoleMap(out _, out var error));
        Assert.Contains("OIDC_ROLE_MAP", error, StringComparison.Ordinal);
    }

    private static SsoClaimMapper Mapper(Action<SsoOptions>? configure = null)
    {
        var options = new SsoOptions
        {
            Issuer = "https://login.example.com",
            Audience = "gateway",
            RoleClaim = "groups",
            RoleMap = "staff=user;cn=gw admins,ou=groups=admin",
            TeamClaim = "team",
        };
        configure?.Invoke(options);
        return new SsoClaimMapper(Options.Create(options));
    }

    private static ClaimsPrincipal Principal(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), "test"));
}
