using System.Text;
using LlmGateway.Infrastructure.Auth;

namespace LlmGateway.UnitTests.Infrastructure.Auth;

public class Pbkdf2PasswordHasherTests
{
    private const int Iterations = 1000;
    private const string Password = "correct horse battery staple";

    private readonly Pbkdf2PasswordHasher _hasher = new(Iterations);

    [Fact]
    public void Verify_RightPassword_True()
    {
        Assert.True(_hasher.Verify(Password, _hasher.Hash(Password)));
    }

    [Theory]
    [InlineData("correct horse battery staplE")]
    [InlineData("correct horse battery stapl")]
    [InlineData("")]
    public void Verify_WrongPassword_False(string wrong)
    {
        Assert.False(_hasher.Verify(wrong, _hasher.Hash(Password)));
    }

    [Fact]
    public void Hash_SamePasswordTwice_DifferentSaltedHashesThatBothVerify()
    {
        var first = _hasher.Hash(Password);
        var second = _hasher.Hash(Password);

        Assert.NotEqual(first, second);
        Assert.NotEqual(first.Split('$')[2], second.Split('$')[2]);
        Assert.True(_hasher.Verify(Password, first));
        Assert.True(_hasher.Verify(Password, second));
    }

    [Fact]
    public void Hash_Always_SchemeIterationsSaltAndHashWithoutThePassword()
    {
        var hash = _hasher.Hash(Password);

        var parts = hash.Split('$');
        Assert.Equal(["pbkdf2-sha256", "1000"], parts[..2]);
        Assert.Equal(16, Convert.FromBase64String(parts[2]).Length);
        Assert.Equal(32, Convert.FromBase64String(parts[3]).Length);
        Assert.DoesNotContain(Password, hash, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(Password)), hash, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_HashFromHasherWithOtherIterationCount_UsesTheCountStoredInTheHash()
    {
        var stored = new Pbkdf2PasswordHasher(1500).Hash(Password);

        Assert.True(_hasher.Verify(Password, stored));
    }

    [Fact]
    public void Verify_StoredIterationCountTamperedWith_False()
    {
        var parts = _hasher.Hash(Password).Split('$');
        parts[1] = "1001";

        Assert.False(_hasher.Verify(Password, string.Join('$', parts)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a hash")]
    [InlineData("$$$")]
    [InlineData("pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA==")]
    [InlineData("pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaA==$extra")]
    [InlineData("bcrypt$1000$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaA==")]
    [InlineData("pbkdf2-sha256$abc$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaA==")]
    [InlineData("pbkdf2-sha256$0$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaA==")]
    [InlineData("pbkdf2-sha256$-1000$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaA==")]
    [InlineData("pbkdf2-sha256$ 1000$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaA==")]
    [InlineData("pbkdf2-sha256$99999999999$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaA==")]
    [InlineData("pbkdf2-sha256$1000$not*base64$aGFzaGhhc2hoYXNoaGFzaA==")]
    [InlineData("pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA==$not*base64")]
    [InlineData("pbkdf2-sha256$1000$$aGFzaGhhc2hoYXNoaGFzaA==")]
    [InlineData("pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA==$")] // empty hash: must not compare two empty arrays
    [InlineData("pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaA==")] // truncated hash
    public void Verify_MalformedHash_FalseWithoutThrowing(string malformed)
    {
        Assert.False(_hasher.Verify(Password, malformed));
    }
}
