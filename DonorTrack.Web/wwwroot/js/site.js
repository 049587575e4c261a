// The page behaviour that used to be inline handlers, so the Content-Security-Policy can forbid inline script:
//   <select data-submit-on-change>   submits its form when the choice changes (a <noscript> button covers no script);
//   <form data-confirm="question">   asks before submitting and stays put when the answer is no.
"use strict";

document.addEventListener("change", (event) => {
    const field = event.target;
    if (field instanceof HTMLSelectElement && field.hasAttribute("data-submit-on-change") && field.form) {
        field.form.requestSubmit();
    }
});

document.addEventListener("submit", (event) => {
    const form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
        event.preventDefault();
    }
});
