using DonorTrack.Core.Data;

namespace DonorTrack.Core.Email;

/// <summary>What a message is for; each kind has its own template.</summary>
[DomainWords]
public enum EmailKind
{
    GiftThankYou,
    Receipt,
    YearEndStatement,
    DuesDueSoon,
    DuesLapsed,
    MatchingThankYou,
    /// <summary>The one-time link that signs a donor in to their donor page.</summary>
    DonorSignInLink,
    /// <summary>A card installment was declined: update the card on the donor page.</summary>
    CardPaymentFailed,
}

/// <summary>The languages templates ship in.</summary>
[DomainWords]
public enum EmailLanguage
{
    En,
    Es,
}

/// <summary>How the connection to the SMTP server is secured.</summary>
[DomainWords]
public enum MailSecurity
{
    None,
    StartTls,
    ImplicitTls,
}

/// <summary>How a gift was thanked.</summary>
[DomainWords]
public enum AcknowledgmentMethod
{
    Email,
    Letter,
    Call,
}

/// <summary>Where an outbox message stands.</summary>
[DomainWords]
public enum OutboxStatus
{
    /// <summary>Waiting for its next attempt.</summary>
    Queued,
    /// <summary>Claimed by the worker, which is talking to the SMTP server.</summary>
    Sending,
    Sent,
    /// <summary>Refused for good (a bad address, too large, too many attempts); kept with the reason.</summary>
    Failed,
    /// <summary>Never sent on purpose: the donor asked not to be contacted or has no usable address.</summary>
    Skipped,
    /// <summary>Found claimed after a restart: it may or may not have reached the server, so it is not sent again unless a person says so.</summary>
    Uncertain,
}

/// <summary>Display names of the words of this feature.</summary>
public static class EmailWords
{
    public static string Title(this EmailKind kind) => kind switch
    {
        EmailKind.GiftThankYou => "Gift thank-you",
        EmailKind.Receipt => "Receipt",
        EmailKind.YearEndStatement => "Year-end statement",
        EmailKind.DuesDueSoon => "Dues reminder (due soon)",
        EmailKind.DuesLapsed => "Dues reminder (lapsed)",
        EmailKind.MatchingThankYou => "Matching-campaign thank-you",
        EmailKind.DonorSignInLink => "Donor page sign-in link",
        EmailKind.CardPaymentFailed => "Card payment declined",
        _ => kind.Label(),
    };

    public static string Title(this EmailLanguage language) => language switch
    {
        EmailLanguage.En => "English",
        EmailLanguage.Es => "Español",
        _ => language.Label(),
    };
}
