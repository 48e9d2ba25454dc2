// The print link of the printable minutes (no inline script: the CSP forbids it).
document.addEventListener("click", function (event) {
  var link = event.target.closest("[data-print]");
  if (link) {
    event.preventDefault();
    window.print();
  }
});
