// The donor picker (Pages/Shared/_DonorField and _DonorPicker): without script a search box, a Find button and a list to
// choose from; with it the box becomes an ARIA combobox that lists the signed-in organization's donors as the person types
// (GET /Donors/Lookup?q=…), operated with the arrow keys, Enter and Escape or the mouse.
//   [data-donor-picker]            the picker; data-submit-on-choose submits its form as soon as a donor is chosen
//   input[data-donor-lookup]       the search box, its value the address of the lookup
//   input[data-donor-value]        the hidden field that carries the chosen donor's id (made from the radio buttons when absent)
"use strict";

(() => {
    const typingPause = 200;
    let pickerCount = 0;

    function enhance(picker) {
        const box = picker.querySelector("input[data-donor-lookup]");
        if (!box) {
            return;
        }
        const form = box.form;
        const number = ++pickerCount;
        let value = picker.querySelector("input[data-donor-value]");
        if (!value) {
            const checked = picker.querySelector("[data-donor-choices] input[type=radio]:checked");
            value = document.createElement("input");
            value.type = "hidden";
            value.name = picker.dataset.donorValueName;
            value.value = checked ? checked.value : "";
            value.setAttribute("data-donor-value", "");
            picker.appendChild(value);
        }
        picker.querySelectorAll("[data-donor-choices], [data-donor-find]").forEach((element) => element.remove());

        const list = document.createElement("ul");
        list.id = `donor-listbox-${number}`;
        list.className = "donor-listbox";
        list.setAttribute("role", "listbox");
        list.setAttribute("aria-label", "Donors found");
        list.hidden = true;
        // Right below the box (or the row it shares with its button), so the list opens under what was typed.
        (box.closest(".donor-picker-box") ?? box).insertAdjacentElement("afterend", list);
        const status = document.createElement("span");
        status.className = "visually-hidden";
        status.setAttribute("role", "status");
        list.insertAdjacentElement("afterend", status);

        box.setAttribute("role", "combobox");
        box.setAttribute("aria-autocomplete", "list");
        box.setAttribute("aria-expanded", "false");
        box.setAttribute("aria-controls", list.id);

        let chosenName = value.value ? box.value : "";
        let active = -1;
        let timer = 0;
        let request = null;

        const options = () => Array.from(list.querySelectorAll("[role=option]"));

        function close() {
            list.hidden = true;
            box.setAttribute("aria-expanded", "false");
            box.removeAttribute("aria-activedescendant");
            active = -1;
        }

        function highlight(index) {
            const all = options();
            if (all.length === 0) {
                return;
            }
            active = (index + all.length) % all.length;
            all.forEach((option, i) => option.setAttribute("aria-selected", i === active ? "true" : "false"));
            box.setAttribute("aria-activedescendant", all[active].id);
            all[active].scrollIntoView({ block: "nearest" });
        }

        function choose(option) {
            value.value = option.dataset.id;
            box.value = option.dataset.name;
            chosenName = option.dataset.name;
            box.removeAttribute("aria-invalid");
            close();
            status.textContent = `${option.dataset.name} chosen.`;
            if (picker.hasAttribute("data-submit-on-choose") && form) {
                form.requestSubmit();
            }
        }

        function show(donors) {
            list.replaceChildren();
            donors.forEach((donor, i) => {
                const option = document.createElement("li");
                option.id = `${list.id}-${i}`;
                option.setAttribute("role", "option");
                option.setAttribute("aria-selected", "false");
                option.dataset.id = String(donor.id);
                option.dataset.name = donor.name;
                const name = document.createElement("span");
                name.textContent = donor.name;
                const detail = document.createElement("span");
                detail.className = "hint";
                detail.textContent = [donor.email, donor.postalCode].filter(Boolean).join(" · ");
                option.append(name, " ", detail);
                // mousedown, not click: the box keeps focus, so the list is not closed by its blur first.
                option.addEventListener("mousedown", (event) => {
                    event.preventDefault();
                    choose(option);
                });
                list.appendChild(option);
            });
            if (donors.length === 0) {
                const none = document.createElement("li");
                none.className = "hint";
                none.textContent = "No donor matches.";
                list.appendChild(none);
            }
            list.hidden = false;
            box.setAttribute("aria-expanded", "true");
            active = -1;
            status.textContent = donors.length === 1 ? "1 donor found." : `${donors.length} donors found.`;
        }

        async function lookUp() {
            const text = box.value.trim();
            if (text.length === 0) {
                close();
                return;
            }
            request?.abort();
            request = new AbortController();
            try {
                const address = new URL(box.dataset.donorLookup, window.location.href);
                address.searchParams.set("q", text);
                const response = await fetch(address,
                    { headers: { Accept: "application/json" }, credentials: "same-origin", signal: request.signal });
                if (response.ok && box.value.trim() === text) {
                    show(await response.json());
                }
            } catch (error) {
                if (error.name !== "AbortError") {
                    status.textContent = "The donor list could not be loaded; press Enter to search instead.";
                }
            }
        }

        box.addEventListener("input", () => {
            if (box.value !== chosenName) {
                value.value = "";
            }
            clearTimeout(timer);
            timer = setTimeout(lookUp, typingPause);
        });

        box.addEventListener("keydown", (event) => {
            const open = !list.hidden;
            if (event.key === "ArrowDown") {
                event.preventDefault();
                if (open) {
                    highlight(active + 1);
                } else {
                    lookUp();
                }
            } else if (event.key === "ArrowUp" && open) {
                event.preventDefault();
                highlight(active - 1);
            } else if (event.key === "Enter" && open && active >= 0) {
                event.preventDefault();
                choose(options()[active]);
            } else if (event.key === "Enter" && !picker.hasAttribute("data-submit-on-choose")) {
                // Enter in the box of a field inside a larger form looks donors up; it never saves a half-filled form.
                event.preventDefault();
                clearTimeout(timer);
                lookUp();
            } else if (event.key === "Escape" && open) {
                event.preventDefault();
                close();
            }
        });

        box.addEventListener("blur", () => setTimeout(close, 150));
    }

    document.querySelectorAll("[data-donor-picker]").forEach(enhance);
})();
