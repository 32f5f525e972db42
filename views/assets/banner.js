// Sends the cookie banner's choice without a page reload. Without JavaScript the same form
// posts and redirects back, so this only makes it smoother.
(function () {
  'use strict';
  var banner = document.getElementById('privacy-banner');
  var form = banner && banner.querySelector('form[data-privacy-banner]');
  if (!form || !window.fetch || !window.FormData) return;
  form.addEventListener('submit', function (event) {
    var button = event.submitter;
    if (!button || button.name !== 'choice') return;
    event.preventDefault();
    var body = new URLSearchParams(new FormData(form));
    body.set('choice', button.value);
    fetch(form.action, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    })
      .then(function (response) {
        if (!response.ok) throw new Error('status ' + response.status);
        banner.remove();
        document.dispatchEvent(new CustomEvent('privacy:choice', { detail: { choice: button.value } }));
      })
      .catch(function () {
        form.submit();
      });
  });
})();
