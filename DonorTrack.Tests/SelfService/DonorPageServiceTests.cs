using DonorTrack.Core.SelfService;
using UglyToad.PdfPig;

namespace DonorTrack.Tests.SelfService;

/// <summary>Issue 16 item 1: what a signed-in donor sees and changes, and that it is only ever their own.</summary>
public sealed class DonorPageServiceTests
{
    private TestDatabase _db = null!;
    private Actor _staff = null!;
    private DonorPageService _page = null!;

    [SetUp]
    public void SetUp()
    {
        _db = new TestDatabase();
        _staff = _db.NewOrganization();
        _page = _db.Get<DonorPageService>();
    }

    [TearDown]
    public void TearDown() => _db.Dispose();

    private static string PdfText(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join("\n", document.GetPages().Select(p => p.Text)).Normalize(NormalizationForm.FormKC);
    }

    [Test]
    public void View_ShowsTheSessionsDonorsGiftsAndReceipts_AndNoneOfAnotherDonors()
    {
        var pa = _db.Seed.Donor(_staff, "Pa", "Vang");
        var other = _db.Seed.Donor(_staff, "Hodan", "Warsame");
        var paGift = _db.Seed.Gift(_staff, pa, 2_500);
        _db.Seed.Gift(_staff, other, 9_900);
        _db.Get<GiftReceiptService>().ForGift(_staff, paGift);

        var view = _page.View(new DonorSession(_staff.OrganizationId, pa), page: null)!;

        Assert.That(view.Donor.Id, Is.EqualTo(pa));
        Assert.That(view.Gifts.Items.Select(g => g.Id), Is.EqualTo(new[] { paGift }));
        Assert.That(view.Summary.LifetimeCents, Is.EqualTo(2_500));
        Assert.That(view.Receipts.Select(r => r.DonorId), Is.EqualTo(new[] { pa }));
    }

    [Test]
    public void View_OfADonorInAnotherOrganization_IsNull()
    {
        var elsewhere = _db.NewOrganization("Eastside Renters");
        var theirs = _db.Seed.Donor(elsewhere, "Lars", "Brekke");

        Assert.That(_page.View(new DonorSession(_staff.OrganizationId, theirs), page: null), Is.Null);
    }

    [Test]
    public void ReceiptCopy_OfTheirOwnReceipt_IsACopyWithTheSameNumber_AndAnotherDonorsIsNull()
    {
        var pa = _db.Seed.Donor(_staff, "Pa", "Vang");
        var other = _db.Seed.Donor(_staff, "Hodan", "Warsame");
        var own = _db.Get<GiftReceiptService>().ForGift(_staff, _db.Seed.Gift(_staff, pa, 2_500))!.Receipt;
        var theirs = _db.Get<GiftReceiptService>().ForGift(_staff, _db.Seed.Gift(_staff, other, 9_900))!.Receipt;
        var session = new DonorSession(_staff.OrganizationId, pa);

        var copy = _page.ReceiptCopy(session, own.Id)!;
        var refused = _page.ReceiptCopy(session, theirs.Id);

        Assert.That(copy.IsCopy, Is.True);
        Assert.That(copy.Receipt.Number, Is.EqualTo(own.Number));
        Assert.That(PdfText(copy.Pdf), Does.Contain("COPY").And.Contain(own.Number).And.Contain("Pa Vang"));
        Assert.That(refused, Is.Null);
        Assert.That(_db.Get<GiftReceiptService>().GapReport(_staff).Single().Issued, Is.EqualTo(2), "a copy takes no new number");
    }

    [Test]
    public void UpdateContact_IsSavedAudited_AndListedForStaffReview_UntilMarkedReviewed()
    {
        var pa = _db.Seed.Donor(_staff, new DonorInput { FirstName = "Pa", LastName = "Vang", City = "Saint Paul", Email = "pa@example.org", Tags = ["volunteer"] });
        var session = new DonorSession(_staff.OrganizationId, pa);
        var review = _db.Get<SelfServiceChangeReview>();

        var saved = _page.UpdateContact(session, _page.Contact(session)! with { City = "Minneapolis", Phone = "612-555-0100", DoNotContact = true });

        var donor = _db.Get<DonorService>().Find(_staff, pa)!;
        Assert.That(saved, Is.True);
        Assert.That((donor.City, donor.Phone, donor.DoNotContact, donor.Email, donor.Tags.Single()), Is.EqualTo(("Minneapolis", "612-555-0100", true, "pa@example.org", "volunteer")));
        var change = review.Pending(_staff).Single();
        Assert.That(change.DonorId, Is.EqualTo(pa));
        Assert.That(change.Fields, Is.EqualTo(new[]
        {
            new ChangedField("Phone", null, "612-555-0100"), new ChangedField("City", "Saint Paul", "Minneapolis"), new ChangedField("Do not contact", "no", "yes"),
        }));
        using (var db = _db.Connections.Read())
            Assert.That(db.Connection.QuerySingle<string>("SELECT actor FROM audit_entries WHERE id = @id", new { id = change.AuditEntryId }), Does.StartWith("Donor page (Pa Vang"));

        Assert.That(review.MarkReviewed(_staff, change.AuditEntryId), Is.True);
        Assert.That(review.Pending(_staff), Is.Empty);
        Assert.That(review.MarkReviewed(_staff, change.AuditEntryId), Is.False, "reviewed once");
    }

    [Test]
    public void UpdateContact_WithABadCountry_IsRefusedOnThatField_AndChangesNothing()
    {
        var pa = _db.Seed.Donor(_staff, new DonorInput { FirstName = "Pa", LastName = "Vang", City = "Saint Paul" });
        var session = new DonorSession(_staff.OrganizationId, pa);

        var refused = Assert.Throws<ValidationException>(() => _page.UpdateContact(session, _page.Contact(session)! with { City = "Minneapolis", Country = "United States" }));

        Assert.That(refused!.Errors.Select(e => e.PropertyName), Is.EqualTo(new[] { nameof(DonorContactInput.Country) }));
        Assert.That(_db.Get<DonorService>().Find(_staff, pa)!.City, Is.EqualTo("Saint Paul"));
        Assert.That(_db.Get<SelfServiceChangeReview>().Pending(_staff), Is.Empty);
    }

    [Test]
    public void ReviewList_OfOneOrganization_NeverShowsAnothersChanges()
    {
        var elsewhere = _db.NewOrganization("Eastside Renters");
        var theirs = _db.Seed.Donor(elsewhere, "Lars", "Brekke");
        var session = new DonorSession(elsewhere.OrganizationId, theirs);
        _page.UpdateContact(session, _page.Contact(session)! with { City = "Duluth" });
        var theirChange = _db.Get<SelfServiceChangeReview>().Pending(elsewhere).Single();

        Assert.That(_db.Get<SelfServiceChangeReview>().Pending(_staff), Is.Empty);
        Assert.That(_db.Get<SelfServiceChangeReview>().MarkReviewed(_staff, theirChange.AuditEntryId), Is.False);
    }
}
