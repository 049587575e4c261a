// The page behaviour that used to be inline handlers, so the Content-Security-Policy can forbid inline script:
//   <select data-submit-on-change>   submits its form when the choice changes (a <noscript> button covers no script);
//   <form data-confirm="question">   asks before submitting and stays put when the answer is no; only for steps that are
//                                    easily put back (removing a household member, a donor cancelling their own monthly gift).
// Destructive staff actions (voiding a gift or receipt, cancelling a membership) do not rely on this: the
// server answers their first post with a confirmation page (Pages/Confirmation.cs, Shared/_Confirm.cshtml) that works
// without script.
//   <button data-menu-button>        folds and unfolds the main menu on a narrow screen.
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

// The menu button: at narrow widths the stylesheet folds the menu behind it (only once this script has shown the button).
document.querySelectorAll("button[data-menu-button]").forEach((button) => {
    const header = button.closest("header");
    header.classList.add("menu-folds");
    button.hidden = false;
    button.addEventListener("click", () => {
        const open = button.getAttribute("aria-expanded") !== "true";
        button.setAttribute("aria-expanded", String(open));
        header.classList.toggle("menu-open", open);
    });
});
