using LlmGateway.Domain.Filtering;

namespace LlmGateway.UnitTests.Domain.Filtering;

public class PhoneNumberValidatorTests
{
    private static readonly OutputFilter Filter = new([], [SecretDetectorCatalog.PersonalData]);

    [Theory]
    [InlineData("+1 415 555 0132")]
    [InlineData("+44 20 7946 0958")]
    [InlineData("+49 30 12345678")]
    [InlineData("0049 30 12345678")]
    [InlineData("+33 1 42 68 53 00")]
    [InlineData("+81 3-1234-5678")]
    [InlineData("(415) 555-0132")]
    [InlineData("415.555.0132")]
    [InlineData("030 12345678")]
    [InlineData("020 7946 0958")]
    [InlineData("+1 415 555 0132 ext. 204")]
    [InlineData("(415) 555-0132 x12")]
    public void Filter_PhoneNumber_Redacted(string phone)
    {
        var result = Filter.Filter($"Call {phone} tomorrow.");

        Assert.Equal("Call [REDACTED:phone] tomorrow.", result.Text);
    }

    [Theory]
    [InlineData("Tel: 83792841", "Tel: [REDACTED:phone]")]
    [InlineData("Phone number is 2125550199.", "Phone number is [REDACTED:phone].")]
    [InlineData("客服电话：13912345678", "客服电话：[REDACTED:phone]")]
    [InlineData("O meu telefone é 1133445566.", "O meu telefone é [REDACTED:phone].")]
    [InlineData("Reach me on +44 7700 900123.", "Reach me on [REDACTED:phone].")]
    [InlineData("My phone is (+55)1537027523.", "My phone is (+55)[REDACTED:phone].")]
    [InlineData("The server's IPv6 address is ::", "The server's IPv6 address is [REDACTED:ip_address]")]
    [InlineData("Tel: 5550199", "Tel: [REDACTED:phone]")]
    [InlineData("My phone number is 223-4567.", "My phone number is [REDACTED:phone].")]
    [InlineData("服务电话：7629236", "服务电话：[REDACTED:phone]")]
    [InlineData("My phone number is +49 176/ 12345678.", "My phone number is [REDACTED:phone].")]
    [InlineData("To call her, please enter 011-82-10-1234-5678.", "To call her, please enter [REDACTED:phone].")]
    [InlineData("WhatsApp only: 380501234567", "WhatsApp only: [REDACTED:phone]")]
    [InlineData("Numbers: 447789345856 and 79676338855.", "Numbers: [REDACTED:phone] and [REDACTED:phone].")]
    [InlineData("Text Li Wei at 15921870346 after six.", "Text Li Wei at [REDACTED:phone] after six.")]
    public void Filter_NumberAfterPhoneWordOrWithCountryCodeOrExitPrefix_Redacted(string text, string expected)
    {
        Assert.Equal(expected, Filter.Filter(text).Text);
    }

    [Theory]
    [InlineData("Order number is 2125550199.")]
    [InlineData("The hotel 83792841 booking.")]
    [InlineData("(45)+(31)-278394 is a sum.")]
    [InlineData("Case 012-00-5678 and 045 00 8901 are laid out like social security numbers.")]
    [InlineData("Pay to NL21 INGB 0001 2345 67 please.")]
    [InlineData("In Haskell, length :: [a] -> Int.")]
    [InlineData("Order 123456789 shipped.")]
    [InlineData("Released on 2024-01-15 and 15.01.2024.")]
    [InlineData("Server 192.168.1.256 is not an address.")]
    [InlineData("Version 1.2.3.4567 is out.")]
    [InlineData("Call +999 555 0132 tomorrow.")]
    [InlineData("Invoice 4,512,300 total.")]
    [InlineData("Order 123456789012 shipped.")]
    [InlineData("Tracking 4155550132 shipped.")]
    [InlineData("Ticket 40912345678 and invoice 10293847560 are closed.")]
    [InlineData("Ticket 81398765012 is closed.")]
    public void Filter_NumberThatIsNotAPhone_Unchanged(string text)
    {
        Assert.Equal(text, Filter.Filter(text).Text);
    }
}
