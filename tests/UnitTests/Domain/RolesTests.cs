using LlmGateway.Domain;

namespace LlmGateway.UnitTests.Domain;

public class RolesTests
{
    [Theory]
    [InlineData("user", Role.User)]
    [InlineData("team_admin", Role.TeamAdmin)]
    [InlineData("admin", Role.Admin)]
    public void TryParse_RoleName_RoleThatWritesTheSameName(string name, Role role)
    {
        Assert.True(Roles.TryParse(name, out var parsed));
        Assert.Equal(role, parsed);
        Assert.Equal(name, parsed.ToName());
    }

    [Theory]
    [InlineData("Team_Admin")]
    [InlineData("teamadmin")]
    [InlineData(" team_admin")]
    public void TryParse_NearMiss_Refused(string name) => Assert.False(Roles.TryParse(name, out _));

    [Theory]
    [InlineData(Role.Admin, Role.TeamAdmin, true)]
    [InlineData(Role.TeamAdmin, Role.User, true)]
    [InlineData(Role.TeamAdmin, Role.Admin, false)]
    [InlineData(Role.User, Role.TeamAdmin, false)]
    public void Satisfies_RightsOrderedUserTeamAdminAdmin_NotByStoredNumber(Role held, Role required, bool expected) =>
        Assert.Equal(expected, held.Satisfies(required));
}
