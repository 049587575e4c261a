// What nearly every page model and endpoint names: the page and authorization types, the actor and its roles, the data
// helpers and the feature folders most pages show. A file still names what only it uses.
global using DonorTrack.Core.Accounts;
global using DonorTrack.Core.Data;
global using DonorTrack.Core.Donors;
global using DonorTrack.Core.Gifts;
global using DonorTrack.Core.Grants;
global using DonorTrack.Core.Households;
global using DonorTrack.Core.Organizations;
global using DonorTrack.Core.Security;
global using DonorTrack.Web.Security;
global using Microsoft.AspNetCore.Authorization;
global using Microsoft.AspNetCore.Mvc;
global using Microsoft.AspNetCore.Mvc.RazorPages;
