using LlmGateway.Domain.Filtering;

namespace LlmGateway.UnitTests.Domain.Filtering;

public class PiiValidatorsTests
{
    [Theory]
    [InlineData("4111111111111111", true)]
    [InlineData("4111 1111 1111 1111", true)]
    [InlineData("5555-5555-5555-4444", true)]
    [InlineData("378282246310005", true)]
    [InlineData("4111111111111112", false)]
    [InlineData("0000000000000000", false)]
    [InlineData("411111111111", false)]
    [InlineData("2221000000000009", true)]
    [InlineData("2720990000000007", true)]
    [InlineData("2200000000000004", true)]
    [InlineData("2721000000000004", false)]
    [InlineData("2220000000000000", false)]
    public void IsCardNumber_LuhnLengthAndIssuedPrefix(string number, bool expected) => Assert.Equal(expected, PiiValidators.IsCardNumber(number));

    [Theory]
    [InlineData("DE89370400440532013000", true)]
    [InlineData("DE89 3704 0044 0532 0130 00", true)]
    [InlineData("DE89-3704-0044-0532-0130-00", true)]
    [InlineData("GB82WEST12345698765432", true)]
    [InlineData("AL47212110090000000235698741", true)]
    [InlineData("DE89370400440532013001", false)]
    [InlineData("GB82WEST1234569876543", false)]
    [InlineData("DE89", false)]
    [InlineData("VG34ABCD0223060094359858", true)]
    [InlineData("VG161B3D0223060094359858", false)]
    [InlineData("DE543704004405320130001", false)]
    public void IsIban_LengthBankCodeAndMod97(string iban, bool expected) => Assert.Equal(expected, PiiValidators.IsIban(iban));

    [Theory]
    [InlineData("219-09-9999", true)]
    [InlineData("899 45 6789", true)]
    [InlineData("078-05-1120", false)]
    [InlineData("123-45-6789", false)]
    [InlineData("111-11-1111", false)]
    [InlineData("000-12-3456", false)]
    [InlineData("666-12-3456", false)]
    [InlineData("900-12-3456", false)]
    [InlineData("999-12-3456", false)]
    [InlineData("123-00-4567", false)]
    [InlineData("123-45-0000", false)]
    public void IsUsSsn_InvalidRangesAndKnownExamplesExcluded(string ssn, bool expected) => Assert.Equal(expected, PiiValidators.IsUsSsn(ssn));

    [Theory]
    [InlineData("jane.doe@example.com", true)]
    [InlineData("a+tag@mail.example.org", true)]
    [InlineData("a..bc@outlook.com", false)]
    [InlineData(".abc@hotmail.com", false)]
    [InlineData("ends.with.dot.@gmail.com", false)]
    public void IsEmailAddress_DotAtomLocalPart(string address, bool expected) => Assert.Equal(expected, PiiValidators.IsEmailAddress(address));

    [Theory]
    [InlineData("192.168.0.1", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("255.255.255.255", true)]
    [InlineData("256.1.1.1", false)]
    [InlineData("1.2.3", false)]
    [InlineData("1.2.3.4.5", false)]
    [InlineData("01.2.3.4", false)]
    [InlineData("1..2.3", false)]
    public void IsIPv4_OctetsInRange(string address, bool expected) => Assert.Equal(expected, PiiValidators.IsIPv4(address));

    [Theory]
    [InlineData("2001:db8:85a3::8a2e:370:7334", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:192.0.2.1", true)]
    [InlineData("::", false)]
    [InlineData("12:30:45", false)]
    [InlineData("00:1A:2B:3C:4D:5E", false)]
    [InlineData("::ffff:256.0.0.1", false)]
    public void IsIpAddress_IPv6(string address, bool expected) => Assert.Equal(expected, PiiValidators.IsIpAddress(address));
}
