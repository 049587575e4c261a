// The namespaces nearly every test needs: the HTTP and JSON helpers, Dapper, the validation exception, Core's feature
// folders and the test support classes. A file still names what only it uses.
global using System.Net;
global using System.Net.Http.Json;
global using System.Text;
global using System.Text.Json;
global using Dapper;
global using DonorTrack.Core.Accounts;
global using DonorTrack.Core.Audit;
global using DonorTrack.Core.Data;
global using DonorTrack.Core.Donors;
global using DonorTrack.Core.Dues;
global using DonorTrack.Core.Gifts;
global using DonorTrack.Core.Grants;
global using DonorTrack.Core.Imports;
global using DonorTrack.Core.Matching;
global using DonorTrack.Core.Merging;
global using DonorTrack.Core.Organizations;
global using DonorTrack.Core.Payments;
global using DonorTrack.Core.Receipts;
global using DonorTrack.Core.Reports;
global using DonorTrack.Core.Security;
global using DonorTrack.Tests.Support;
global using FluentValidation;
